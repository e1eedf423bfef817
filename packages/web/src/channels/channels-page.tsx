import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Channel, WorkspaceWithRole } from '../api/types';
import { canManageChannels } from '../members/roles';
import { settleChannelNotices } from '../notices/use-notices';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { Card, Loading, PageHeader } from '../ui/page';
import { ChannelItem } from './channel-item';
import { ConnectPanel } from './connect-panel';
import { ConnectResult, useConnectResult } from './connect-result';
import { findNetwork, networkName, useNetworks } from './networks';

export const ChannelsPage = ({ workspace }: { workspace: WorkspaceWithRole }) => {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const result = useConnectResult();
  const [announcement, setAnnouncement] = useState('');
  const [disconnecting, setDisconnecting] = useState<Channel | null>(null);
  const channels = useQuery({
    queryKey: queryKeys.channels(workspace.id),
    queryFn: () => api.listChannels(workspace.id),
  });
  const networks = useNetworks();
  const manage = canManageChannels(workspace.role);

  const disconnect = useMutation({
    mutationFn: (channel: Channel) => api.deleteChannel(workspace.id, channel.id),
    onSuccess: async (_answer, channel) => {
      setDisconnecting(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.channels(workspace.id) });
      await settleChannelNotices(api, queryClient, workspace.id, channel.id);
      setAnnouncement(t('channels.disconnected', { name: channel.name }));
    },
  });

  const items = channels.data?.items;
  return (
    <>
      <PageHeader
        title={t('channels.title')}
        description={t('channels.lead', { workspace: workspace.name })}
      />
      <ConnectResult
        connected={result.connected}
        error={result.error}
        channels={items}
        onDismiss={result.dismiss}
      />
      {manage ? null : <p className="notice">{t('channels.readOnly')}</p>}
      <p className="status-text" role="status">
        {announcement}
      </p>
      <Card title={t('channels.listTitle')}>
        {channels.isPending ? <Loading label={t('common.loading')} /> : null}
        {channels.isError ? <FormAlert message={describeError(t, channels.error)} /> : null}
        {items && items.length === 0 ? (
          <p className="muted">{manage ? t('channels.noneManage') : t('channels.none')}</p>
        ) : null}
        {items && items.length > 0 ? (
          <ul className="channel-items">
            {items.map((channel) => (
              <ChannelItem
                key={channel.id}
                workspaceId={workspace.id}
                channel={channel}
                network={findNetwork(networks.data?.items, channel.network)}
                manage={manage}
                announce={setAnnouncement}
                onDisconnect={(target) => {
                  disconnect.reset();
                  setDisconnecting(target);
                }}
              />
            ))}
          </ul>
        ) : null}
      </Card>
      {manage ? (
        <Card title={t('connect.title')} description={t('connect.lead')}>
          <ConnectPanel
            workspaceId={workspace.id}
            onConnected={(channel) => setAnnouncement(t('channels.connected', { name: channel.name }))}
          />
        </Card>
      ) : null}
      <ConfirmDialog
        open={disconnecting !== null}
        title={t('channels.disconnectTitle', { name: disconnecting?.name ?? '' })}
        confirmLabel={t('channels.disconnect')}
        busy={disconnect.isPending}
        error={disconnect.isError ? describeError(t, disconnect.error) : null}
        onCancel={() => setDisconnecting(null)}
        onConfirm={() => disconnecting && disconnect.mutate(disconnecting)}
      >
        <p>
          {t('channels.disconnectBody', {
            network: networkName(networks.data?.items, disconnecting?.network ?? ''),
          })}
        </p>
      </ConfirmDialog>
    </>
  );
};
