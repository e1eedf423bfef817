import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, Network } from '../api/types';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { Loading } from '../ui/page';
import { ConnectForm } from './connect-form';
import { NetworkMark } from './network-mark';
import { oauthVariables, useNetworks } from './networks';
import { useConnectChannel, useStartOAuth } from './use-connect';

/** Every network the server lists, each with the way it connects: one click, a form, or OAuth. */
export const ConnectPanel = ({
  workspaceId,
  onConnected,
}: {
  workspaceId: string;
  onConnected: (channel: Channel) => void;
}) => {
  const { t } = useTranslation();
  const networks = useNetworks();
  const [formFor, setFormFor] = useState<string | null>(null);
  const oneClick = useConnectChannel(workspaceId);
  const oauth = useStartOAuth(workspaceId);
  const busy = oneClick.isPending || oauth.isPending || oauth.isSuccess;
  const openForm = networks.data?.items.find((network) => network.id === formFor);

  const failure = oneClick.isError ? oneClick.error : oauth.isError ? oauth.error : null;
  const act = (network: Network) => {
    oneClick.reset();
    oauth.reset();
    if (network.connect === 'none') oneClick.mutate({ network: network.id }, { onSuccess: onConnected });
    else if (network.connect === 'oauth2') oauth.mutate(network.id);
    else setFormFor((current) => (current === network.id ? null : network.id));
  };

  if (networks.isPending) return <Loading label={t('common.loading')} />;
  if (networks.isError) return <FormAlert message={t('connect.loadFailed')} />;
  return (
    <>
      <FormAlert message={failure ? describeError(t, failure) : null} />
      <ul className="network-grid">
        {networks.data.items.map((network) => (
          <NetworkTile
            key={network.id}
            network={network}
            busy={busy}
            formOpen={formFor === network.id}
            redirecting={oauth.isSuccess && oauth.variables === network.id}
            onAct={() => act(network)}
          />
        ))}
      </ul>
      {openForm ? (
        <ConnectFormPanel
          key={openForm.id}
          workspaceId={workspaceId}
          network={openForm}
          onCancel={() => setFormFor(null)}
          onConnected={(channel) => {
            setFormFor(null);
            onConnected(channel);
          }}
        />
      ) : null}
    </>
  );
};

const NetworkTile = (props: {
  network: Network;
  busy: boolean;
  formOpen: boolean;
  redirecting: boolean;
  onAct: () => void;
}) => {
  const { t } = useTranslation();
  const reasonId = useId();
  const { network } = props;
  const label =
    network.connect === 'oauth2'
      ? t('connect.oauth', { network: network.name })
      : network.connect === 'none'
        ? t('connect.oneClick', { network: network.name })
        : t('connect.openForm', { network: network.name });
  const isForm = network.connect === 'app_password' || network.connect === 'access_token';
  return (
    <li className={network.available ? 'network-tile' : 'network-tile network-tile-unavailable'}>
      <div className="network-tile-head">
        <NetworkMark id={network.id} name={network.name} />
        <div className="network-tile-text">
          <span className="network-tile-name">{network.name}</span>
          <span className="muted">{t(`connect.how.${network.connect}`, { network: network.name })}</span>
        </div>
      </div>
      {network.available ? null : (
        <p className="network-tile-reason" id={reasonId}>
          {t('connect.unavailable', oauthVariables(network))}
        </p>
      )}
      <button
        type="button"
        className={network.connect === 'none' ? 'btn btn-primary btn-small' : 'btn btn-secondary btn-small'}
        disabled={!network.available || props.busy}
        aria-expanded={isForm ? props.formOpen : undefined}
        aria-describedby={network.available ? undefined : reasonId}
        onClick={props.onAct}
      >
        {props.redirecting ? t('connect.redirecting', { network: network.name }) : label}
      </button>
    </li>
  );
};

const ConnectFormPanel = (props: {
  workspaceId: string;
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
      <h3 className="subpanel-title" id={titleId} ref={titleRef} tabIndex={-1}>
        {t('connect.formTitle', { network: props.network.name })}
      </h3>
      <ConnectForm
        workspaceId={props.workspaceId}
        network={props.network}
        onConnected={props.onConnected}
        onCancel={props.onCancel}
      />
    </section>
  );
};
