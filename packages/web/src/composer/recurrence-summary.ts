import type { TFunction } from 'i18next';
import { civilDate } from '../time/zoned';
import { LAST_DAY, type RecurrenceDraft } from './recurrence-draft';

/** ISO weekday (Monday = 1) in words: 2024-01-01 was a Monday. */
export const weekdayName = (locale: string, weekday: number, width: 'long' | 'short' = 'long') =>
  new Intl.DateTimeFormat(locale, { weekday: width, timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, weekday, 12)),
  );

const civil = (locale: string, day: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(civilDate(day));

const ruleOf = (t: TFunction, locale: string, draft: RecurrenceDraft): string => {
  const count = draft.interval;
  if (draft.frequency === 'daily') return t('composer.recurrence.summary.daily', { count });
  if (draft.frequency === 'weekly') {
    const days = new Intl.ListFormat(locale, { type: 'conjunction' }).format(
      [...draft.weekdays].sort((a, b) => a - b).map((day) => weekdayName(locale, day)),
    );
    return t('composer.recurrence.summary.weekly', { count, days });
  }
  return draft.monthDay === LAST_DAY
    ? t('composer.recurrence.summary.monthlyLast', { count })
    : t('composer.recurrence.summary.monthly', { count, day: draft.monthDay });
};

/** "Every 2 weeks on Monday and Wednesday at 09:30, from 4 May 2026, 5 times in all", in the reader's language. */
export const describeRecurrence = (t: TFunction, locale: string, draft: RecurrenceDraft): string => {
  if (draft.custom !== null) return t('composer.recurrence.summary.custom', { rule: draft.custom });
  const values = { rule: ruleOf(t, locale, draft), time: draft.time, start: civil(locale, draft.startDate) };
  if (draft.ends === 'on')
    return t('composer.recurrence.summary.until', { ...values, until: civil(locale, draft.until) });
  if (draft.ends === 'after')
    return t('composer.recurrence.summary.after', { ...values, count: draft.count });
  return t('composer.recurrence.summary.never', values);
};
