import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Channel, Network } from '../api/types';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { ChannelEditForm } from './channel-edit-form';
import { ChannelStatusBadge } from './channel-status';
import { ConnectForm } from './connect-form';
import { NetworkMark } from './network-mark';
import { useStartOAuth } from './use-connect';

type Mode = 'view' | 'edit' | 'reconnect';

/** One connected account: what it is, how it is doing, and (for admins) what can be done with it. */
export const ChannelItem = (props: {
  workspaceId: string;
  channel: Channel;
  network: Network | undefined;
  manage: boolean;
  announce: (message: string) => void;
  onDisconnect: (channel: Channel) => void;
}) => {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { channel, network } = props;
  const nameId = useId();
  const [mode, setModeState] = useState<Mode>('view');
  const editRef = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const setMode = (next: Mode) => {
    // Closing a form sends focus back to the channel's actions rather than to the page's top.
    refocus.current = next === 'view';
    setModeState(next);
  };
  useEffect(() => {
    if (mode !== 'view' || !refocus.current) return;
    refocus.current = false;
    editRef.current?.focus();
  }, [mode]);
  const networkLabel = network?.name ?? channel.network;

  const setStatus = useMutation({
    mutationFn: (status: 'active' | 'disabled') =>
      api.updateChannel(props.workspaceId, channel.id, { status }),
    onSuccess: async (updated) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.channels(props.workspaceId) });
      props.announce(
        t(updated.status === 'disabled' ? 'channels.paused' : 'channels.resumed', { name: updated.name }),
      );
    },
  });
  const oauth = useStartOAuth(props.workspaceId);

  const attention = channel.status === 'needs_reconnect';
  // Only a network that signs in (form or OAuth) can be reconnected; the server must still list it.
  const reconnectable = network !== undefined && network.connect !== 'none' && network.available;
  const reconnect = () => {
    if (!network) return;
    if (network.connect === 'oauth2') oauth.mutate(network.id);
    else setMode('reconnect');
  };
  const failure = setStatus.isError ? setStatus.error : oauth.isError ? oauth.error : null;

  return (
    <li className={attention ? 'channel-item channel-item-attention' : 'channel-item'}>
      <article aria-labelledby={nameId}>
        <div className="channel-item-head">
          <NetworkMark id={channel.network} name={networkLabel} />
          <div className="channel-item-text">
            <h3 className="channel-item-name" id={nameId}>
              {channel.name}
            </h3>
            <span className="muted">
              {networkLabel}
              {channel.accountHandle ? ` · ${channel.accountHandle}` : null}
            </span>
            <span className="muted">
              {t('channels.zone', { zone: channel.timeZone.replaceAll('_', ' ') })}
            </span>
          </div>
          <ChannelStatusBadge status={channel.status} />
        </div>
        {attention ? (
          <p className="alert alert-warning channel-item-alert">{t('channels.needsReconnect')}</p>
        ) : null}
        {channel.status === 'disabled' ? <p className="muted">{t('channels.pausedHint')}</p> : null}
        <FormAlert message={failure ? describeError(t, failure) : null} />
        {props.manage && mode === 'view' ? (
          <div className="channel-item-actions">
            {attention && reconnectable ? (
              <button
                type="button"
                className="btn btn-primary btn-small"
                aria-label={t('channels.reconnectLabel', { name: channel.name })}
                disabled={oauth.isPending || oauth.isSuccess}
                onClick={reconnect}
              >
                {t('channels.reconnect')}
              </button>
            ) : null}
            <button
              ref={editRef}
              type="button"
              className="btn btn-secondary btn-small"
              aria-label={t('channels.editLabel', { name: channel.name })}
              onClick={() => setMode('edit')}
            >
              {t('channels.edit')}
            </button>
            {channel.status === 'disabled' ? (
              <button
                type="button"
                className="btn btn-secondary btn-small"
                aria-label={t('channels.resumeLabel', { name: channel.name })}
                disabled={setStatus.isPending}
                onClick={() => setStatus.mutate('active')}
              >
                {t('channels.resume')}
              </button>
            ) : attention ? null : (
              // Not offered while it needs reconnecting: the server would let Resume mark it active
              // with credentials that no longer work.
              <button
                type="button"
                className="btn btn-secondary btn-small"
                aria-label={t('channels.pauseLabel', { name: channel.name })}
                disabled={setStatus.isPending}
                onClick={() => setStatus.mutate('disabled')}
              >
                {t('channels.pause')}
              </button>
            )}
            <button
              type="button"
              className="btn btn-ghost-danger btn-small"
              aria-label={t('channels.disconnectLabel', { name: channel.name })}
              onClick={() => props.onDisconnect(channel)}
            >
              {t('channels.disconnect')}
            </button>
          </div>
        ) : null}
        {mode === 'edit' ? (
          <ChannelEditForm
            workspaceId={props.workspaceId}
            channel={channel}
            onCancel={() => setMode('view')}
            onSaved={(saved) => {
              setMode('view');
              props.announce(t('channels.saved', { name: saved.name }));
            }}
          />
        ) : null}
        {mode === 'reconnect' && network ? (
          <ReconnectPanel
            workspaceId={props.workspaceId}
            channel={channel}
            network={network}
            onCancel={() => setMode('view')}
            onConnected={(connected) => {
              setMode('view');
              props.announce(t('channels.reconnected', { name: connected.name }));
            }}
          />
        ) : null}
      </article>
    </li>
  );
};

const ReconnectPanel = (props: {
  workspaceId: string;
  channel: Channel;
  network: Network;
  onConnected: (channel: Channel) => void;
  onCancel: () => void;
}) => {
  const { t } = useTranslation();
  const titleId = useId();
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    titleRef.current?.focus();
  }, []);
  return (
    <section className="subpanel" aria-labelledby={titleId}>
      <h4 className="subpanel-title" id={titleId} ref={titleRef} tabIndex={-1}>
        {t('channels.reconnectTitle', { name: props.channel.name })}
      </h4>
      <ConnectForm
        workspaceId={props.workspaceId}
        network={props.network}
        reconnecting={props.channel}
        onConnected={props.onConnected}
        onCancel={props.onCancel}
      />
    </section>
  );
};
