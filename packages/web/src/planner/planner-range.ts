import { startOfDay } from '../time/day-start';
import { addDays, addMonths, monthOf, startOfWeek } from '../time/zoned';

export type CalendarView = 'month' | 'week' | 'list';

/** What a calendar view shows: civil days on the workspace's clock, and the instants they span. */
export interface VisibleRange {
  /** The first and the last day on screen, inclusive (`YYYY-MM-DD`). */
  firstDay: string;
  lastDay: string;
  /** What the posts API is asked for: deliveries due or published in [from, to), ISO instants. */
  from: string;
  to: string;
}

/**
 * The days a view shows around `date`: the month grid's whole weeks (Monday first, with the
 * neighbouring months' leading and trailing days), the week, or the list's calendar month.
 */
export const visibleDays = (view: CalendarView, date: string): { firstDay: string; lastDay: string } => {
  if (view === 'week') {
    const firstDay = startOfWeek(date);
    return { firstDay, lastDay: addDays(firstDay, 6) };
  }
  const month = monthOf(date);
  const first = `${month}-01`;
  const last = addDays(`${addMonths(month, 1)}-01`, -1);
  if (view === 'list') return { firstDay: first, lastDay: last };
  return { firstDay: startOfWeek(first), lastDay: addDays(startOfWeek(last), 6) };
};

export const visibleRange = (view: CalendarView, date: string, zone: string): VisibleRange => {
  const { firstDay, lastDay } = visibleDays(view, date);
  return {
    firstDay,
    lastDay,
    from: new Date(startOfDay(firstDay, zone)).toISOString(),
    to: new Date(startOfDay(addDays(lastDay, 1), zone)).toISOString(),
  };
};
