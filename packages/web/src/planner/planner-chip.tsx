import { useTranslation } from 'react-i18next';
import type { Channel } from '../api/types';
import { excerpt } from '../posts/delivery-badge';
import { Link, paths } from '../routing/router';
import { movable, type PlannerEntry } from './use-planner';

export const DRAG_TYPE = 'application/x-araldo-post';

/** One delivery on the calendar: time, channel, the post's first words, its state; opens the post. */
export const PlannerChip = (props: {
  entry: PlannerEntry;
  channel: Channel | undefined;
  workspaceId: string;
}) => {
  const { t } = useTranslation();
  const { entry } = props;
  const state = entry.delivery.state;
  const channel = props.channel?.name ?? t('planner.removedChannel');
  const own = entry.post.variants.find((variant) => variant.channelId === entry.delivery.channelId)?.text;
  const text = excerpt(own ?? entry.post.text, 40);
  const draggable = movable(entry);
  return (
    <li
      className={`chip chip-${state}`}
      draggable={draggable}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, JSON.stringify({ postId: entry.post.id, time: entry.time }));
        event.dataTransfer.setData('text/plain', entry.post.id);
        event.dataTransfer.effectAllowed = 'move';
      }}
    >
      <Link href={paths.post(props.workspaceId, entry.post.id)} className="chip-link">
        <span className="chip-time">{entry.time}</span>
        <span className="chip-channel">{channel}</span>
        <span className="chip-text">{text || t('planner.noText')}</span>
        <span className="visually-hidden">, {t(`deliveryState.${state}`)}</span>
      </Link>
    </li>
  );
};
