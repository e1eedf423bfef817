import { useTranslation } from 'react-i18next';
import type { Delivery, PostWithDeliveries } from '../api/types';
import { DeliveryBadge } from './delivery-badge';

/** Only links a browser can follow are links; the sandbox's own addresses are shown as text. */
const isWebLink = (url: string) => /^https?:\/\//i.test(url);

/** Per channel: the state, when, the network's link once out, and why it failed in plain words. */
export const DeliveryTable = (props: {
  post: PostWithDeliveries;
  channelName: (channelId: string) => string;
  networkName: (channelId: string) => string;
  formatInstant: (iso: string) => string;
}) => {
  const { t } = useTranslation();
  if (props.post.deliveries.length === 0) return <p className="muted">{t('post.noDeliveries')}</p>;
  return (
    <div className="table-flush">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('planner.colChannel')}</th>
            <th scope="col">{t('planner.colState')}</th>
            <th scope="col">{t('planner.colWhen')}</th>
            <th scope="col">{t('post.colDetails')}</th>
          </tr>
        </thead>
        <tbody>
          {props.post.deliveries.map((delivery) => (
            <tr key={delivery.id}>
              <td>
                <span className="delivery-channel">
                  {props.channelName(delivery.channelId)}
                  <span className="muted">{props.networkName(delivery.channelId)}</span>
                </span>
              </td>
              <td>
                <DeliveryBadge state={delivery.state} />
              </td>
              <td className="nowrap">{when(t, delivery, props.formatInstant)}</td>
              <td>
                <DeliveryDetails delivery={delivery} network={props.networkName(delivery.channelId)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

const when = (
  t: ReturnType<typeof useTranslation>['t'],
  delivery: Delivery,
  format: (iso: string) => string,
): string => {
  if (delivery.publishedAt) return t('post.publishedAt', { when: format(delivery.publishedAt) });
  if (delivery.dueAt) return t('post.dueAt', { when: format(delivery.dueAt) });
  return '—';
};

const DeliveryDetails = ({ delivery, network }: { delivery: Delivery; network: string }) => {
  const { t } = useTranslation();
  if (delivery.remoteUrl) {
    return isWebLink(delivery.remoteUrl) ? (
      <a href={delivery.remoteUrl} target="_blank" rel="noreferrer noopener">
        {t('post.viewOn', { network })}
      </a>
    ) : (
      <span className="code delivery-url">{delivery.remoteUrl}</span>
    );
  }
  if (delivery.failureReason) {
    return (
      <p className={delivery.state === 'failed' ? 'delivery-failure' : 'muted'}>
        {delivery.state === 'failed' ? t('post.failedBecause', { network }) : null}
        {delivery.failureReason}
      </p>
    );
  }
  if (delivery.state === 'awaiting_approval')
    return <span className="muted">{t('post.waitingApproval')}</span>;
  return null;
};
