import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, QueueChange, QueuedItem, WorkspaceWithRole } from '../api/types';
import { atLeast } from '../members/roles';
import { excerpt } from '../posts/delivery-badge';
import { Link, paths } from '../routing/router';
import { SelectField } from '../ui/field';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { Loading } from '../ui/page';
import { moveInQueue, queueTimeline } from './queue-timeline';
import { useQueue } from './use-queue';

/** After a post moves in the queue, focus follows it (its button in the same direction, if any). */
interface QueueFocus {
  deliveryId: string;
  by: -1 | 1;
}

/**
 * One channel's queue: its queued posts in slot order with their slot times on the channel's
 * clock, its empty upcoming slots, and (for editors) shuffle, pause/resume and reorder.
 */
export const QueueView = (props: {
  workspace: WorkspaceWithRole;
  channels: readonly Channel[];
  channelId: string;
  onChannel: (channelId: string) => void;
}) => {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const list = useRef<HTMLOListElement>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focus, setFocus] = useState<QueueFocus | null>(null);
  const channel = props.channels.find((candidate) => candidate.id === props.channelId);
  const { queue, free, change } = useQueue(props.workspace.id, channel ? channel.id : '');
  const editable = atLeast(props.workspace.role, 'editor');
  const zone = free.data?.timeZone ?? channel?.timeZone ?? props.workspace.timeZone;
  const when = new Intl.DateTimeFormat(i18n.language, {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const items = queue.data?.items ?? [];
  const rows = queueTimeline(items, free.data?.slots ?? []);
  const textOf = (item: QueuedItem) => excerpt(item.text, 60) || t('planner.noText');

  useEffect(() => {
    if (!focus || !queue.data) return;
    const row = list.current?.querySelector(`[data-queue-item="${focus.deliveryId}"]`);
    const same = row?.querySelector<HTMLButtonElement>(`[data-move="${focus.by}"]:not(:disabled)`);
    const other = row?.querySelector<HTMLButtonElement>('[data-move]:not(:disabled)');
    (same ?? other ?? row?.querySelector<HTMLElement>('a'))?.focus();
    setFocus(null);
  }, [focus, queue.data]);

  // Buttons stay enabled while a change is on its way (a disabled button drops the focus).
  const run = (request: QueueChange, done: (items: QueuedItem[]) => string, after?: QueueFocus) => {
    if (change.isPending) return;
    setAnnouncement('');
    change.mutate(request, {
      onSuccess: (view) => {
        setAnnouncement(done(view.items));
        if (after) setFocus(after);
      },
    });
  };
  const move = (item: QueuedItem, by: -1 | 1) =>
    run(
      { op: 'reorder', deliveryIds: moveInQueue(items, item.deliveryId, by) },
      (updated) => {
        const landed = updated.find((candidate) => candidate.deliveryId === item.deliveryId);
        return t('planner.queue.moved', {
          text: textOf(item),
          when: landed ? when.format(new Date(landed.dueAt)) : '',
        });
      },
      { deliveryId: item.deliveryId, by },
    );

  return (
    <section className="queue" aria-labelledby={headingId}>
      <div className="form-row planner-filters">
        <SelectField
          label={t('planner.queue.channel')}
          value={channel ? channel.id : ''}
          onValueChange={props.onChannel}
          options={[
            ...(channel ? [] : [{ value: '', label: t('planner.queue.pick') }]),
            ...props.channels.map((option) => ({ value: option.id, label: option.name })),
          ]}
        />
      </div>
      <h2 id={headingId} className="queue-title">
        {channel ? t('planner.queue.title', { channel: channel.name }) : t('planner.views.queue')}
      </h2>
      {!channel ? (
        <p className="muted">
          {props.channels.length === 0 ? t('planner.queue.noChannels') : t('planner.queue.pickHint')}
        </p>
      ) : (
        <>
          <p className="muted">{t('planner.queue.zone', { zone: zone.replaceAll('_', ' ') })}</p>
          {queue.data?.paused ? (
            <p className="alert alert-warning">{t('planner.queue.pausedNotice')}</p>
          ) : null}
          {editable && queue.data ? (
            <div className="queue-actions">
              <button
                type="button"
                className="btn btn-secondary btn-small"
                disabled={items.length < 2}
                onClick={() => run({ op: 'shuffle' }, () => t('planner.queue.shuffled'))}
              >
                {t('planner.queue.shuffle')}
              </button>
              {queue.data.paused ? (
                <button
                  type="button"
                  className="btn btn-secondary btn-small"
                  onClick={() => run({ op: 'resume' }, () => t('planner.queue.resumed'))}
                >
                  {t('planner.queue.resume')}
                </button>
              ) : (
                <button
                  type="button"
                  className="btn btn-secondary btn-small"
                  onClick={() => run({ op: 'pause' }, () => t('planner.queue.paused'))}
                >
                  {t('planner.queue.pause')}
                </button>
              )}
            </div>
          ) : null}
          <p className="status-text" role="status">
            {announcement}
          </p>
          <FormAlert message={change.isError ? describeError(t, change.error) : null} />
          {queue.isError || free.isError ? (
            <FormAlert message={describeError(t, queue.error ?? free.error)} />
          ) : null}
          {queue.isPending || free.isPending ? <Loading label={t('common.loading')} /> : null}
          {free.data && !free.data.hasSlots ? (
            <p className="muted">
              {t('planner.queue.noSlots', { channel: channel.name })}{' '}
              <Link href={paths.channels(props.workspace.id)}>{t('planner.queue.addSlots')}</Link>
            </p>
          ) : null}
          {queue.data && free.data ? (
            <>
              <p className="muted planner-count">{t('planner.queue.count', { count: items.length })}</p>
              <ol
                ref={list}
                className="queue-list"
                aria-label={t('planner.queue.listLabel', { channel: channel.name })}
              >
                {rows.map((row) =>
                  row.kind === 'free' ? (
                    <li key={`free-${row.at}`} className="queue-row queue-free">
                      <time className="queue-when" dateTime={row.at}>
                        {when.format(new Date(row.at))}
                      </time>
                      <span className="queue-text">{t('planner.queue.emptySlot')}</span>
                    </li>
                  ) : (
                    <li key={row.item.deliveryId} className="queue-row" data-queue-item={row.item.deliveryId}>
                      <time className="queue-when" dateTime={row.at}>
                        {when.format(new Date(row.at))}
                      </time>
                      <Link className="queue-text" href={paths.post(props.workspace.id, row.item.postId)}>
                        {textOf(row.item)}
                      </Link>
                      {editable ? (
                        <span className="queue-move">
                          <button
                            type="button"
                            className="btn btn-secondary btn-small"
                            data-move="-1"
                            disabled={row.position === 0}
                            aria-label={t('planner.queue.earlier', { text: textOf(row.item) })}
                            onClick={() => move(row.item, -1)}
                          >
                            <span aria-hidden="true">↑</span>
                          </button>
                          <button
                            type="button"
                            className="btn btn-secondary btn-small"
                            data-move="1"
                            disabled={row.position === items.length - 1}
                            aria-label={t('planner.queue.later', { text: textOf(row.item) })}
                            onClick={() => move(row.item, 1)}
                          >
                            <span aria-hidden="true">↓</span>
                          </button>
                        </span>
                      ) : null}
                    </li>
                  ),
                )}
              </ol>
            </>
          ) : null}
        </>
      )}
    </section>
  );
};
