import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Channel, WorkspaceWithRole } from '../api/types';
import { Link, paths } from '../routing/router';
import { addDays, addMonths, civilDate, dayKey, monthOf, startOfWeek } from '../time/zoned';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { Loading, PageHeader } from '../ui/page';
import { ListView } from './list-view';
import { MonthView } from './month-view';
import { PlannerFilters, type StateFilter, stateMatches } from './planner-filters';
import { byDay, toEntries, useAllPosts } from './use-planner';
import { WeekView } from './week-view';
import './planner.css';

type View = 'month' | 'week' | 'list';
const VIEWS: readonly View[] = ['month', 'week', 'list'];

/** The period shown lives in the address (?view=week&date=2026-07-13), so it survives a reload. */
const readAddress = (today: string) => {
  const params = new URLSearchParams(window.location.search);
  const view = VIEWS.find((candidate) => candidate === params.get('view')) ?? 'month';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? (params.get('date') as string) : today;
  return { view, date };
};

export const PlannerPage = ({ workspace }: { workspace: WorkspaceWithRole }) => {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const zone = workspace.timeZone;
  const today = dayKey(Date.now(), zone);
  const [{ view, date }, setPeriod] = useState(() => readAddress(today));
  const [channelFilter, setChannelFilter] = useState('');
  const [stateFilter, setStateFilter] = useState<StateFilter>('');
  const [announcement, setAnnouncement] = useState('');
  const posts = useAllPosts(workspace.id);
  const channelList = useQuery({
    queryKey: queryKeys.channels(workspace.id),
    queryFn: () => api.listChannels(workspace.id),
  });
  const channels = useMemo(
    () => new Map<string, Channel>((channelList.data?.items ?? []).map((channel) => [channel.id, channel])),
    [channelList.data],
  );

  useEffect(() => {
    const url = new URL(window.location.href);
    url.searchParams.set('view', view);
    url.searchParams.set('date', date);
    window.history.replaceState(null, '', `${url.pathname}${url.search}`);
  }, [view, date]);

  const month = monthOf(date);
  const week = startOfWeek(date);
  const [from, to] =
    view === 'week' ? [week, addDays(week, 6)] : [`${month}-01`, addDays(`${addMonths(month, 1)}-01`, -1)];
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
    () => entries.filter((entry) => entry.day >= from && entry.day <= to),
    [entries, from, to],
  );
  const days = useMemo(() => byDay(inPeriod), [inPeriod]);

  const longDate = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeZone: 'UTC' });
  const reschedule = useMutation({
    mutationFn: ({ postId, day, time }: { postId: string; day: string; time: string }) =>
      api.schedulePost(workspace.id, postId, { kind: 'at', at: `${day}T${time}`, timeZone: zone }),
    onSuccess: async (post, { day }) => {
      queryClient.setQueryData(queryKeys.post(workspace.id, post.id), post);
      queryClient.setQueryData(queryKeys.allPosts(workspace.id), (all: typeof posts.data) =>
        all?.map((item) => (item.id === post.id ? post : item)),
      );
      setAnnouncement(t('planner.moved', { date: longDate.format(civilDate(day)) }));
    },
  });
  const drop = {
    canDrop: (day: string) => day >= today,
    onDrop: (day: string, dragged: { postId: string; time: string }) => {
      setAnnouncement('');
      reschedule.mutate({ postId: dragged.postId, day, time: dragged.time });
    },
  };

  const step = (direction: number) =>
    setPeriod({
      view,
      date: view === 'week' ? addDays(week, 7 * direction) : `${addMonths(month, direction)}-01`,
    });
  const title =
    view === 'week'
      ? t('planner.weekOf', { date: longDate.format(civilDate(week)) })
      : new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
          civilDate(`${month}-01`),
        );

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
              onClick={() => setPeriod({ view: option, date })}
            >
              {t(`planner.views.${option}`)}
            </button>
          ))}
        </fieldset>
        <div className="planner-nav">
          <button type="button" className="btn btn-secondary btn-small" onClick={() => step(-1)}>
            <span aria-hidden="true">‹ </span>
            {view === 'week' ? t('planner.previousWeek') : t('planner.previousMonth')}
          </button>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => setPeriod({ view, date: today })}
          >
            {t('planner.today')}
          </button>
          <button type="button" className="btn btn-secondary btn-small" onClick={() => step(1)}>
            {view === 'week' ? t('planner.nextWeek') : t('planner.nextMonth')}
            <span aria-hidden="true"> ›</span>
          </button>
        </div>
        <Link href={paths.compose(workspace.id)} className="btn btn-primary btn-small">
          {t('planner.newPost')}
        </Link>
      </div>
      <PlannerFilters
        channels={channelList.data?.items ?? []}
        channel={channelFilter}
        onChannel={setChannelFilter}
        state={stateFilter}
        onState={setStateFilter}
      />
      <h2 className="planner-period">{title}</h2>
      <p className="status-text" role="status">
        {announcement}
      </p>
      <FormAlert message={reschedule.isError ? describeError(t, reschedule.error) : null} />
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
              drop={drop}
            />
          ) : null}
          {view === 'week' ? (
            <WeekView
              week={week}
              today={today}
              days={days}
              channels={channels}
              workspaceId={workspace.id}
              drop={drop}
            />
          ) : null}
          {view === 'list' ? (
            <ListView entries={inPeriod} channels={channels} workspaceId={workspace.id} />
          ) : null}
        </>
      ) : null}
    </>
  );
};
