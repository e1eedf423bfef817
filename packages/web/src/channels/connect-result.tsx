import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel } from '../api/types';

const PARAMS = ['connected', 'connectError'] as const;

const readResult = () => {
  const params = new URLSearchParams(window.location.search);
  return { connected: params.get('connected'), error: params.get('connectError') };
};

/**
 * The end of an OAuth connection: the server's callback lands on `/w/:ws/channels?connected=<id>`,
 * or on `/?connectError=<message>` (which the shell forwards here). Read once, then taken out of
 * the address so a reload does not show it again.
 */
export const useConnectResult = () => {
  const [result, setResult] = useState(readResult);
  useEffect(() => {
    const url = new URL(window.location.href);
    if (!PARAMS.some((param) => url.searchParams.has(param))) return;
    for (const param of PARAMS) url.searchParams.delete(param);
    window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
  }, []);
  return { ...result, dismiss: () => setResult({ connected: null, error: null }) };
};

export const ConnectResult = (props: {
  connected: string | null;
  error: string | null;
  channels: readonly Channel[] | undefined;
  onDismiss: () => void;
}) => {
  const { t } = useTranslation();
  if (!props.connected && !props.error) return null;
  const channel = props.channels?.find((item) => item.id === props.connected);
  const dismiss = (
    <button type="button" className="btn btn-secondary btn-small" onClick={props.onDismiss}>
      {t('channels.dismiss')}
    </button>
  );
  if (props.error) {
    return (
      <div className="alert alert-error flash" role="alert">
        <p>{t('channels.connectFailed', { reason: props.error })}</p>
        {dismiss}
      </div>
    );
  }
  return (
    <div className="flash flash-success" role="status">
      <p>{channel ? t('channels.connected', { name: channel.name }) : t('channels.connectedUnnamed')}</p>
      {dismiss}
    </div>
  );
};
