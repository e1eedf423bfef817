import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Delivery, MetricsRefresh, PostWithDeliveries } from '../api/types';
import { Card } from '../ui/page';
import { RefreshMetricsButton } from './refresh-metrics';

type Count = 'impressions' | 'likes' | 'comments' | 'shares' | 'clicks';
const COUNTS: readonly Count[] = ['impressions', 'likes', 'comments', 'shares', 'clicks'];

/** A column's sum; "—" when no channel reports that number at all (views and clicks on some networks). */
export const total = (deliveries: Delivery[], count: Count): number | null => {
  const known = deliveries.flatMap((d) => (d.metrics && d.metrics[count] !== null ? [d.metrics[count]] : []));
  return known.length === 0 ? null : known.reduce((sum, n) => sum + n, 0);
};

/**
 * What each channel's audience made of a published post, as its network last reported it,
 * with a way to read the numbers now instead of at the next background sync.
 */
export const PostMetrics = (props: {
  workspaceId: string;
  post: PostWithDeliveries;
  canRefresh: boolean;
  channelName: (channelId: string) => string;
  formatInstant: (iso: string) => string;
}) => {
  const { t, i18n } = useTranslation();
  const [announcement, setAnnouncement] = useState('');
  const [skipped, setSkipped] = useState<MetricsRefresh['skipped']>([]);
  const published = props.post.deliveries.filter((d) => d.state === 'published');
  if (published.length === 0) return null;
  const number = new Intl.NumberFormat(i18n.language);
  const cell = (value: number | null | undefined) =>
    value === null || value === undefined ? '—' : number.format(value);
  return (
    <Card title={t('post.metrics.title')}>
      <p className="muted">{t('post.metrics.lead')}</p>
      <div className="table-flush table-scroll post-metrics-table">
        <table className="table post-metrics">
          <thead>
            <tr>
              <th scope="col">{t('planner.colChannel')}</th>
              {COUNTS.map((count) => (
                <th scope="col" key={count} className="numeric">
                  {t(`post.metrics.${count}`)}
                </th>
              ))}
              <th scope="col">{t('post.metrics.readAt')}</th>
            </tr>
          </thead>
          <tbody>
            {published.map((delivery) => (
              <tr key={delivery.id}>
                <th scope="row">{props.channelName(delivery.channelId)}</th>
                {COUNTS.map((count) => (
                  <td key={count} className="numeric">
                    {cell(delivery.metrics?.[count])}
                  </td>
                ))}
                <td className="nowrap">
                  {delivery.metrics ? (
                    props.formatInstant(delivery.metrics.fetchedAt)
                  ) : (
                    <span className="muted">{t('post.metrics.notRead')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
          {published.length > 1 ? (
            <tfoot>
              <tr>
                <th scope="row">{t('post.metrics.total')}</th>
                {COUNTS.map((count) => (
                  <td key={count} className="numeric">
                    {cell(total(published, count))}
                  </td>
                ))}
                <td />
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      <p className="status-text" role="status">
        {announcement}
      </p>
      {skipped.length > 0 ? (
        <ul className="notice post-metrics-skipped">
          {skipped.map((s) => (
            <li key={s.channelId}>
              {t('post.metrics.skipped', { channel: props.channelName(s.channelId), message: s.message })}
            </li>
          ))}
        </ul>
      ) : null}
      {props.canRefresh ? (
        <RefreshMetricsButton
          workspaceId={props.workspaceId}
          postId={props.post.id}
          label={t('post.metrics.refresh')}
          actionsClassName="form-actions"
          onRead={(result) => {
            setSkipped(result.skipped);
            setAnnouncement(t('post.metrics.refreshed', { count: result.synced }));
          }}
        />
      ) : null}
    </Card>
  );
};
