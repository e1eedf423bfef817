import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel } from '../api/types';
import { excerpt } from '../posts/delivery-badge';
import { Link, paths } from '../routing/router';
import { movable, type PlannerEntry } from './use-planner';
import type { Rescheduler } from './use-reschedule';

export const DRAG_TYPE = 'application/x-araldo-post';

/** Alt+←/→ moves a post a day, Alt+↑/↓ a week: the keyboard's drag and drop. */
const NUDGES: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
const SHORTCUTS = 'Alt+ArrowLeft Alt+ArrowRight Alt+ArrowUp Alt+ArrowDown';

/**
 * One delivery on the calendar: time, channel, the post's first words, its state; opens the
 * post. A post still waiting for its time can be dragged, moved with Alt+arrow keys, or moved
 * with its Reschedule button.
 */
export const PlannerChip = (props: {
  entry: PlannerEntry;
  channel: Channel | undefined;
  workspaceId: string;
  reschedule: Rescheduler;
}) => {
  const { t } = useTranslation();
  const { entry, reschedule } = props;
  const item = useRef<HTMLLIElement>(null);
  const state = entry.delivery.state;
  const channel = props.channel?.name ?? t('planner.removedChannel');
  const own = entry.post.variants.find((variant) => variant.channelId === entry.delivery.channelId)?.text;
  const text = excerpt(own ?? entry.post.text, 40);
  const canMove = movable(entry);
  const focus = reschedule.focus?.deliveryId === entry.delivery.id ? reschedule.focus.on : null;

  useEffect(() => {
    if (!focus) return;
    const target = focus === 'button' ? item.current?.querySelector('button') : null;
    (target ?? item.current?.querySelector('a'))?.focus();
    reschedule.focused();
  }, [focus, reschedule.focused]);

  const onKeyDown = (event: KeyboardEvent) => {
    const days = NUDGES[event.key];
    if (!event.altKey || days === undefined || !canMove || !reschedule.onNudge) return;
    // Alt+← is also the browser's Back: on a post, it moves the post instead.
    event.preventDefault();
    reschedule.onNudge(entry, days);
  };

  return (
    <li
      ref={item}
      className={`chip chip-${state}`}
      draggable={canMove}
      data-delivery={entry.delivery.id}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, JSON.stringify({ postId: entry.post.id, time: entry.time }));
        event.dataTransfer.setData('text/plain', entry.post.id);
        event.dataTransfer.effectAllowed = 'move';
      }}
    >
      <Link
        href={paths.post(props.workspaceId, entry.post.id)}
        className="chip-link"
        onKeyDown={onKeyDown}
        aria-keyshortcuts={canMove && reschedule.onNudge ? SHORTCUTS : undefined}
      >
        <span className="chip-time">{entry.time}</span>
        <span className="chip-channel">{channel}</span>
        <span className="chip-text">{text || t('planner.noText')}</span>
        <span className="visually-hidden">, {t(`deliveryState.${state}`)}</span>
      </Link>
      {canMove && reschedule.onOpen ? (
        <button
          type="button"
          className="chip-move"
          aria-label={t('planner.reschedule.open', {
            text: text || t('planner.noText'),
            channel,
            time: entry.time,
          })}
          title={t('planner.reschedule.tooltip')}
          onClick={() => reschedule.onOpen?.(entry)}
          onKeyDown={onKeyDown}
        >
          <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
            <path
              d="M2 4h9M8 1l3 3-3 3M14 12H5M8 9l-3 3 3 3"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.6"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
        </button>
      ) : null}
    </li>
  );
};
