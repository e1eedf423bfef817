import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel } from '../api/types';
import { civilDate, monthOf, monthWeeks } from '../time/zoned';
import { DRAG_TYPE, PlannerChip } from './planner-chip';
import type { PlannerEntry } from './use-planner';
import type { Rescheduler } from './use-reschedule';

const SHOWN = 3;

/** A month as weeks (Monday first); each day lists its first few posts and how many more. */
export const MonthView = (props: {
  month: string;
  today: string;
  days: Map<string, PlannerEntry[]>;
  channels: Map<string, Channel>;
  workspaceId: string;
  reschedule: Rescheduler;
}) => {
  const { t, i18n } = useTranslation();
  const weeks = monthWeeks(props.month);
  const weekday = new Intl.DateTimeFormat(i18n.language, { weekday: 'short', timeZone: 'UTC' });
  const fullDate = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeZone: 'UTC' });
  return (
    <table className="month">
      <thead>
        <tr>
          {weeks[0]?.map((day) => (
            <th key={day} scope="col">
              {weekday.format(civilDate(day))}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((day) => (
              <DayCell
                key={day}
                day={day}
                label={fullDate.format(civilDate(day))}
                outside={monthOf(day) !== props.month}
                today={day === props.today}
                entries={props.days.get(day) ?? []}
                channels={props.channels}
                workspaceId={props.workspaceId}
                reschedule={props.reschedule}
                moreLabel={(count) => t('planner.more', { count })}
              />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
};

export const DayCell = (props: {
  day: string;
  label: string;
  outside?: boolean;
  today: boolean;
  entries: PlannerEntry[];
  channels: Map<string, Channel>;
  workspaceId: string;
  reschedule: Rescheduler;
  moreLabel: (count: number) => string;
  /** Show every entry (the week view). */
  all?: boolean;
}) => {
  const [expanded, setExpanded] = useState(false);
  const [over, setOver] = useState(false);
  // A post moved here with the keyboard is shown even past the first few, so it can take focus.
  const focusHere = props.entries
    .slice(SHOWN)
    .some((entry) => entry.delivery.id === props.reschedule.focus?.deliveryId);
  const shown = props.all || expanded || focusHere ? props.entries : props.entries.slice(0, SHOWN);
  const hidden = props.entries.length - shown.length;
  const droppable = props.reschedule.canMoveTo(props.day);
  const className = [
    'day',
    props.outside ? 'day-outside' : '',
    props.today ? 'day-today' : '',
    over ? 'day-over' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <td
      className={className}
      onDragOver={(event) => {
        if (!droppable || !event.dataTransfer.types.includes(DRAG_TYPE)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        setOver(false);
        const raw = event.dataTransfer.getData(DRAG_TYPE);
        if (!raw || !droppable) return;
        event.preventDefault();
        props.reschedule.onDrop(props.day, JSON.parse(raw) as { postId: string; time: string });
      }}
    >
      <span className="day-number" aria-hidden="true">
        {Number(props.day.slice(8))}
      </span>
      <ul className="day-entries" aria-label={props.label} aria-current={props.today ? 'date' : undefined}>
        {shown.map((entry) => (
          <PlannerChip
            key={entry.delivery.id}
            entry={entry}
            channel={props.channels.get(entry.delivery.channelId)}
            workspaceId={props.workspaceId}
            reschedule={props.reschedule}
          />
        ))}
      </ul>
      {hidden > 0 ? (
        <button type="button" className="day-more" onClick={() => setExpanded(true)}>
          {props.moreLabel(hidden)}
        </button>
      ) : null}
    </td>
  );
};
