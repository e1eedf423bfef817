import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { WorkspaceWithRole } from '../api/types';
import { useNetworks } from '../channels/networks';
import { Link, paths } from '../routing/router';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { Card, Loading, PageHeader } from '../ui/page';
import { ComposerForm } from './composer-form';
import './composer.css';

export const ComposerPage = ({ workspace }: { workspace: WorkspaceWithRole }) => {
  const { t } = useTranslation();
  const api = useApi();
  const channels = useQuery({
    queryKey: queryKeys.channels(workspace.id),
    queryFn: () => api.listChannels(workspace.id),
  });
  const networks = useNetworks();
  const usable = channels.data?.items.filter((channel) => channel.status !== 'disabled');
  // ?channel=<id> (the first-steps guide) starts the post with that channel chosen.
  const asked = new URLSearchParams(window.location.search).get('channel');
  return (
    <>
      <PageHeader title={t('composer.title')} description={t('composer.lead')} />
      {workspace.role === 'viewer' ? <p className="notice">{t('composer.readOnly')}</p> : null}
      {channels.isPending ? <Loading label={t('common.loading')} /> : null}
      {channels.isError ? <FormAlert message={describeError(t, channels.error)} /> : null}
      {usable && usable.length === 0 ? (
        <Card title={t('composer.noChannelsTitle')} description={t('composer.noChannelsLead')}>
          <Link href={paths.channels(workspace.id)} className="btn btn-primary">
            {t('home.connectCta')}
          </Link>
        </Card>
      ) : null}
      {usable && usable.length > 0 && workspace.role !== 'viewer' ? (
        // Keyed by workspace: switching starts a new post there.
        <ComposerForm
          key={workspace.id}
          workspace={workspace}
          channels={usable}
          networks={networks.data?.items}
          initialChannelIds={usable.filter((channel) => channel.id === asked).map((channel) => channel.id)}
        />
      ) : null}
    </>
  );
};
