import { it } from 'vitest';
import { occurrences } from '../../src/time/index';
it('smoke', () => {
  for (const rrule of ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'FREQ=DAILY;BYMONTH=2', 'FREQ=WEEKLY;BYMONTH=2', 'FREQ=DAILY;INTERVAL=7;BYDAY=MO', 'FREQ=DAILY;INTERVAL=7;BYDAY=TH', 'FREQ=DAILY;INTERVAL=3;BYMONTH=4;BYMONTHDAY=31', 'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6', 'FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,6', 'FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO', 'FREQ=WEEKLY;INTERVAL=5;BYMONTH=2;BYDAY=SU', 'FREQ=MONTHLY;BYDAY=5FR']) {
    const t = performance.now();
    let r: unknown;
    try { r = occurrences({ rrule, start: '2026-01-01T09:00', zone: 'Australia/Sydney' }, [0, 1e13], 2).map((x) => new Date(x).toISOString()); } catch (e) { r = (e as Error).message; }
    console.log(rrule, r, (performance.now() - t).toFixed(0));
  }
});
