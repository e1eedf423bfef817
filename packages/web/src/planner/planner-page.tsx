import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Channel, WorkspaceWithRole } from '../api/types';
import { atLeast } from '../members/roles';
import { Link, paths } from '../routing/router';
import { addDays, addMonths, civilDate, dayKey, monthOf, startOfWeek } from '../time/zoned';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { Loading, PageHeader } from '../ui/page';
import { ListView } from './list-view';
import { MonthView } from './month-view';
import { PlannerFilters, type StateFilter, stateMatches } from './planner-filters';
import { type CalendarView, visibleRange } from './planner-range';
import { QueueView } from './queue-view';
import { RescheduleDialog } from './reschedule-dialog';
import { byDay, toEntries, usePlannerPosts } from './use-planner';
import { useReschedule } from './use-reschedule';
import { WeekView } from './week-view';
import './planner.css';

type View = CalendarView | 'queue';
const VIEWS: readonly View[] = ['month', 'week', 'list', 'queue'];

interface Address {
  view: View;
  date: string;
  /** The channel whose queue is shown. */
  channel: string;
}

/** What is shown lives in the address (?view=week&date=2026-07-13, ?view=queue&channel=…), so it survives a reload. */
const readAddress = (today: string): Address => {
  const params = new URLSearchParams(window.location.search);
  const view = VIEWS.find((candidate) => candidate === params.get('view')) ?? 'month';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? (params.get('date') as string) : today;
  return { view, date, channel: params.get('channel') ?? '' };
};

export const PlannerPage = ({ workspace }: { workspace: WorkspaceWithRole }) => {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const zone = workspace.timeZone;
  const today = dayKey(Date.now(), zone);
  const [address, setAddress] = useState(() => readAddress(today));
  const { view, date } = address;
  const [channelFilter, setChannelFilter] = useState('');
  const [stateFilter, setStateFilter] = useState<StateFilter>('');
  const channelList = useQuery({
    queryKey: queryKeys.channels(workspace.id),
    queryFn: () => api.listChannels(workspace.id),
  });
  const channels = useMemo(
    () => new Map<string, Channel>((channelList.data?.items ?? []).map((channel) => [channel.id, channel])),
    [channelList.data],
  );
  // The queue opens on the first channel that has posting slots, unless the address names one.
  const queueChannel =
    address.channel ||
    (channelList.data?.items.find(
      (channel) => Array.isArray(channel.settings.slots) && channel.settings.slots.length > 0,
    )?.id ??
      '');

  useEffect(() => {
    const url = new URL(window.location.href);
    url.searchParams.set('view', view);
    if (view === 'queue') {
      url.searchParams.delete('date');
      if (queueChannel) url.searchParams.set('channel', queueChannel);
    } else {
      url.searchParams.set('date', date);
      url.searchParams.delete('channel');
    }
    window.history.replaceState(null, '', `${url.pathname}${url.search}`);
  }, [view, date, queueChannel]);

  const calendarView: CalendarView = view === 'queue' ? 'month' : view;
  const range = visibleRange(calendarView, date, zone);
  const posts = usePlannerPosts(
    workspace.id,
    { from: range.from, to: range.to, channelId: channelFilter },
    view !== 'queue',
  );
  const entries = useMemo(
    () =>
      toEntries(posts.data ?? [], zone).filter(
        (entry) =>
          (channelFilter === '' || entry.delivery.channelId === channelFilter) &&
          stateMatches(stateFilter, entry.delivery.state),
      ),
    [posts.data, zone, channelFilter, stateFilter],
  );
  const inPeriod = useMemo(
    () => entries.filter((entry) => entry.day >= range.firstDay && entry.day <= range.lastDay),
    [entries, range.firstDay, range.lastDay],
  );
  const days = useMemo(() => byDay(inPeriod), [inPeriod]);
  const reschedule = useReschedule({
    workspaceId: workspace.id,
    zone,
    today,
    editable: atLeast(workspace.role, 'contributor'),
  });

  const month = monthOf(date);
  const week = startOfWeek(date);
  const longDate = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeZone: 'UTC' });
  const step = (direction: number) =>
    setAddress({
      ...address,
      date: view === 'week' ? addDays(week, 7 * direction) : `${addMonths(month, direction)}-01`,
    });
  const title =
    view === 'week'
      ? t('planner.weekOf', { date: longDate.format(civilDate(week)) })
      : new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
          civilDate(`${month}-01`),
        );
  const editing = reschedule.editing;

  return (
    <>
      <PageHeader
        title={t('planner.title')}
        description={t('planner.lead', { zone: zone.replaceAll('_', ' ') })}
      />
      <div className="planner-toolbar">
        <fieldset className="segmented" aria-label={t('planner.view')}>
          {VIEWS.map((option) => (
            <button
              key={option}
              type="button"
              className="segmented-option"
              aria-pressed={view === option}
              onClick={() => setAddress({ ...address, view: option })}
            >
              {t(`planner.views.${option}`)}
            </button>
          ))}
        </fieldset>
        {view === 'queue' ? null : (
          <div className="planner-nav">
            <button type="button" className="btn btn-secondary btn-small" onClick={() => step(-1)}>
              <span aria-hidden="true">‹ </span>
              {view === 'week' ? t('planner.previousWeek') : t('planner.previousMonth')}
            </button>
            <button
              type="button"
              className="btn btn-secondary btn-small"
              onClick={() => setAddress({ ...address, date: today })}
            >
              {t('planner.today')}
            </button>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => step(1)}>
              {view === 'week' ? t('planner.nextWeek') : t('planner.nextMonth')}
              <span aria-hidden="true"> ›</span>
            </button>
          </div>
        )}
        <Link href={paths.compose(workspace.id)} className="btn btn-primary btn-small">
          {t('planner.newPost')}
        </Link>
      </div>
      {view === 'queue' ? (
        <QueueView
          workspace={workspace}
          channels={channelList.data?.items ?? []}
          channelId={queueChannel}
          onChannel={(channel) => setAddress({ ...address, channel })}
        />
      ) : (
        <>
          <PlannerFilters
            channels={channelList.data?.items ?? []}
            channel={channelFilter}
            onChannel={setChannelFilter}
            state={stateFilter}
            onState={setStateFilter}
          />
          <h2 className="planner-period">{title}</h2>
          <p className="status-text" role="status">
            {reschedule.announcement}
          </p>
          <FormAlert message={reschedule.error && !editing ? describeError(t, reschedule.error) : null} />
          {posts.isPending ? <Loading label={t('common.loading')} /> : null}
          {posts.isError ? <FormAlert message={describeError(t, posts.error)} /> : null}
          {posts.data ? (
            <>
              <p className="muted planner-count" data-planner-count={inPeriod.length}>
                {t('planner.count', { count: inPeriod.length })}
              </p>
              {view === 'month' ? (
                <MonthView
                  month={month}
                  today={today}
                  days={days}
                  channels={channels}
                  workspaceId={workspace.id}
                  reschedule={reschedule.rescheduler}
                />
              ) : null}
              {view === 'week' ? (
                <WeekView
                  week={week}
                  today={today}
                  days={days}
                  channels={channels}
                  workspaceId={workspace.id}
                  reschedule={reschedule.rescheduler}
                />
              ) : null}
              {view === 'list' ? (
                <ListView entries={inPeriod} channels={channels} workspaceId={workspace.id} />
              ) : null}
            </>
          ) : null}
          <RescheduleDialog
            entry={editing}
            channelName={
              editing ? (channels.get(editing.delivery.channelId)?.name ?? t('planner.removedChannel')) : ''
            }
            zone={zone}
            today={today}
            busy={reschedule.pending}
            error={editing ? reschedule.error : null}
            onSubmit={reschedule.submitDialog}
            onCancel={reschedule.closeDialog}
          />
        </>
      )}
    </>
  );
};
