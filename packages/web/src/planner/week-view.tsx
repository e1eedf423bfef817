import { useTranslation } from 'react-i18next';
import type { Channel } from '../api/types';
import { addDays, civilDate } from '../time/zoned';
import { DayCell } from './month-view';
import type { PlannerEntry } from './use-planner';
import type { Rescheduler } from './use-reschedule';

/** Seven days side by side, every post of each. */
export const WeekView = (props: {
  week: string;
  today: string;
  days: Map<string, PlannerEntry[]>;
  channels: Map<string, Channel>;
  workspaceId: string;
  reschedule: Rescheduler;
}) => {
  const { t, i18n } = useTranslation();
  const days = Array.from({ length: 7 }, (_, i) => addDays(props.week, i));
  const head = new Intl.DateTimeFormat(i18n.language, { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
  const fullDate = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeZone: 'UTC' });
  return (
    <table className="month week">
      <thead>
        <tr>
          {days.map((day) => (
            <th key={day} scope="col">
              {head.format(civilDate(day))}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr>
          {days.map((day) => (
            <DayCell
              key={day}
              day={day}
              label={fullDate.format(civilDate(day))}
              today={day === props.today}
              entries={props.days.get(day) ?? []}
              channels={props.channels}
              workspaceId={props.workspaceId}
              reschedule={props.reschedule}
              moreLabel={(count) => t('planner.more', { count })}
              all
            />
          ))}
        </tr>
      </tbody>
    </table>
  );
};
