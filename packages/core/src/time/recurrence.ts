import type { IANAZone } from 'luxon';
import type { RRule as RRuleType } from 'rrule';
import { parseRRuleLine, RRule } from './rrule-line';
import { DAY, fail, isoWeekday, parseLocal, parseZone, resolveFloating } from './wall-clock';

/**
 * A recurring post: an RFC 5545 RRULE line, its first wall-clock time and the zone both are
 * read in (DESIGN.md "Time": stored as wall-clock plus zone, resolved when needed).
 */
export interface RecurrenceRule {
  /** e.g. `FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=9;BYMINUTE=30`; hour and minute default to `start`'s. */
  rrule: string;
  /** `YYYY-MM-DDTHH:mm`: anchors the rule; it is an occurrence only if the rule matches it. */
  start: string;
  zone: string;
}

interface CompiledRule {
  rule: RRuleType;
  zone: IANAZone;
  /** An UNTIL written in UTC (`…Z`) bounds instants, not wall-clock readings. */
  untilInstant: number | undefined;
}

/** 400 Gregorian years: weekdays, leap years and week numbers repeat exactly after it. */
const CYCLE = 146_097 * DAY;
/** rrule stops at year 9999; floating dates beyond it are out of its range. */
const LAST_FLOATING = Date.UTC(9999, 11, 31, 23, 59, 59);
const FIRST_YEAR = 1900;

/** Throws `validation_failed` (paths `rrule`, `start`, `zone`) if the rule cannot be used. */
export function validateRecurrence(rule: RecurrenceRule): void {
  compile(rule);
}

/**
 * The rule's occurrences within `between` (epoch ms, both ends included), ascending, at most
 * `limit`. The rule runs on floating wall-clock time and each occurrence is then resolved in the
 * zone, so 09:30 stays 09:30 local across daylight-saving changes; occurrences that resolve to
 * one instant (two times inside a spring-forward gap) count once.
 */
export function occurrences(rule: RecurrenceRule, between: [number, number], limit: number): number[] {
  const compiled = compile(rule);
  const [from, to] = Array.isArray(between) ? between : [];
  if (!Number.isFinite(from) || !Number.isFinite(to) || (from as number) > (to as number)) {
    throw fail('between', 'Expected [from, to] in epoch milliseconds with from <= to', 'invalid_value');
  }
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw fail('limit', `Expected a whole number, 0 or more (got ${limit})`, 'invalid_value');
  }
  return collect(compiled, from as number, to as number, limit);
}

/** The first occurrence strictly after `after`, or null once the rule has ended (COUNT, UNTIL). */
export function nextOccurrence(rule: RecurrenceRule, after: number): number | null {
  const compiled = compile(rule);
  if (!Number.isFinite(after))
    throw fail('after', 'Expected an instant in epoch milliseconds', 'invalid_type');
  return collect(compiled, after + 1, Number.MAX_SAFE_INTEGER, 1)[0] ?? null;
}

function collect(compiled: CompiledRule, from: number, to: number, limit: number): number[] {
  const found: number[] = [];
  // A reading differs from its instant by the zone's offset, and a gap can push it a day ahead
  // (Pacific/Apia skipped 2011-12-30): two days of margin covers both.
  const first = Math.max(from - 2 * DAY, compiled.rule.options.dtstart.getTime());
  const last = Math.min(to + 2 * DAY, LAST_FLOATING);
  if (limit === 0 || first > last) return found;
  let latest = Number.NEGATIVE_INFINITY;
  compiled.rule.between(new Date(first), new Date(last), true, (date) => {
    const at = resolveFloating(date.getTime(), compiled.zone);
    // Resolution keeps wall-clock order, so the first instant past either bound ends the search.
    if (at > to || (compiled.untilInstant !== undefined && at > compiled.untilInstant)) return false;
    if (at >= from && at > latest) found.push(at);
    latest = Math.max(latest, at);
    return found.length < limit;
  });
  return found;
}

function compile(input: RecurrenceRule): CompiledRule {
  if (typeof input !== 'object' || input === null) {
    throw fail('rule', 'Expected { rrule, start, zone }', 'invalid_type');
  }
  const zone = parseZone(input.zone);
  const start = parseLocal(input.start, 'start');
  if (new Date(start).getUTCFullYear() < FIRST_YEAR) {
    throw fail('start', `A recurrence starts in ${FIRST_YEAR} or later`, 'too_small');
  }
  const { options, until } = parseRRuleLine(input.rrule);
  const untilFloating = until && 'floating' in until ? until.floating : undefined;
  const untilInstant = until && 'instant' in until ? until.instant : undefined;
  if (
    (untilFloating !== undefined && untilFloating < start) ||
    (untilInstant !== undefined && untilInstant < resolveFloating(start, zone))
  ) {
    throw fail('rrule', 'UNTIL is before the start', 'invalid_value');
  }
  const rule = new RRule({
    ...options,
    dtstart: new Date(start),
    until: untilFloating === undefined ? null : new Date(untilFloating),
    tzid: null,
  });
  if (neverMatches(rule)) {
    throw fail(
      'rrule',
      'This rule matches no date in the next 400 years (e.g. BYMONTH=2;BYMONTHDAY=30)',
      'invalid_value',
    );
  }
  return { rule, zone, untilInstant };
}

/**
 * rrule looks for a match until year 9999, and for a rule that has none that takes seconds. The
 * calendar repeats every 400 years, so the rule moved to year 9200–9599 either matches before
 * 9999 or (bar an INTERVAL that spaces its matches centuries apart) never matches.
 */
function neverMatches(rule: RRuleType): boolean {
  const { freq, interval, dtstart } = rule.options;
  // rrule's parsed options hold null, despite their types, for parts the rule leaves out.
  const byweekday: number[] = rule.options.byweekday ?? [];
  if (freq === RRule.DAILY || freq === RRule.WEEKLY) {
    // Without BYSETPOS (rrule-line.ts allows it only monthly and yearly) a daily or weekly rule
    // matches the days its BY… parts accept; YEARLY scans the same days a year per step.
    if (!matchesSomewhere(yearlyEquivalent(rule))) return true;
    if (interval === 1) return false;
    // Every 7th day is the same weekday: the search below would run to 9999 to learn that.
    const weekday = isoWeekday(Math.floor(dtstart.getTime() / DAY)) - 1;
    if (freq === RRule.DAILY && interval % 7 === 0 && byweekday.length > 0 && !byweekday.includes(weekday))
      return true;
  }
  return !matchesSomewhere(rule);
}

function yearlyEquivalent(rule: RRuleType): RRuleType {
  const { bymonth, bymonthday, bynmonthday, byweekday, byhour, byminute, bysecond, dtstart } = rule.options;
  return new RRule({
    freq: RRule.YEARLY,
    dtstart,
    bymonth,
    bymonthday: [...(bymonthday ?? []), ...(bynmonthday ?? [])],
    // Some day filter must be present, or rrule defaults a yearly rule to dtstart's day of year.
    byweekday: byweekday?.length ? byweekday : [0, 1, 2, 3, 4, 5, 6],
    byhour,
    byminute,
    bysecond,
  });
}

function matchesSomewhere(rule: RRuleType): boolean {
  const start = rule.options.dtstart.getTime();
  const cycles = Math.ceil((9200 - new Date(start).getUTCFullYear()) / 400);
  const probe = new RRule({
    ...rule.origOptions,
    dtstart: new Date(start + cycles * CYCLE),
    count: null,
    until: null,
  });
  let matched = false;
  probe.all(() => {
    matched = true;
    return false;
  });
  return matched;
}
