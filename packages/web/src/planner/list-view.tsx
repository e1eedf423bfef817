import { useTranslation } from 'react-i18next';
import type { Channel } from '../api/types';
import { DeliveryBadge, excerpt } from '../posts/delivery-badge';
import { isPublished } from '../posts/edit-action';
import { Link, paths } from '../routing/router';
import { civilDate } from '../time/zoned';
import type { PlannerEntry } from './use-planner';

/** The period's posts in order, one row per channel. */
export const ListView = (props: {
  entries: PlannerEntry[];
  channels: Map<string, Channel>;
  workspaceId: string;
}) => {
  const { t, i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' });
  if (props.entries.length === 0) return <p className="muted">{t('planner.empty')}</p>;
  return (
    <div className="planner-list">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('planner.colWhen')}</th>
            <th scope="col">{t('planner.colChannel')}</th>
            <th scope="col">{t('planner.colPost')}</th>
            <th scope="col">{t('planner.colState')}</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((entry) => (
            <tr key={entry.delivery.id}>
              <td className="nowrap">
                {date.format(civilDate(entry.day))} {entry.time}
              </td>
              <td>{props.channels.get(entry.delivery.channelId)?.name ?? t('planner.removedChannel')}</td>
              <td>
                <Link href={paths.post(props.workspaceId, entry.post.id)}>
                  {excerpt(entry.post.text, 70) || t('planner.noText')}
                </Link>
                {isPublished(entry.post) ? null : (
                  <Link
                    href={paths.editPost(props.workspaceId, entry.post.id)}
                    className="list-edit"
                    aria-label={t('post.editLabel', { text: excerpt(entry.post.text, 40) })}
                  >
                    {t('post.edit')}
                  </Link>
                )}
              </td>
              <td>
                <DeliveryBadge state={entry.delivery.state} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
