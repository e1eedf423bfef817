import type { NetworkId, RateLimit } from '@araldo/core';
import { descriptorFor } from '@araldo/networks';
import type { Schema } from '@araldo/store';
import { type Kysely, sql } from 'kysely';
import type { Context } from '../context';

/** One budget a publication spends: its channel's, or its network app's. */
export interface Budget {
  key: string;
  limit: RateLimit;
  /** Whose budget, in words: "this account", "Araldo's X app". */
  owner: string;
  network: string;
}

/** The budgets a publication on this channel spends: the network's documented ones unless overridden. */
export function budgetsFor(ctx: Context, network: string, channelId: string): Budget[] {
  const descriptor = descriptorFor(network);
  const app = ctx.config.networks[network as NetworkId];
  const pick = (override: RateLimit | null | undefined, documented: RateLimit | undefined) =>
    override === undefined ? documented : (override ?? undefined);
  const out: Budget[] = [];
  const channel = pick(app?.channelLimit, descriptor.publishLimits?.channel);
  if (channel)
    out.push({
      key: `channel:${channelId}`,
      limit: channel,
      owner: 'this account',
      network: descriptor.name,
    });
  const whole = pick(app?.appLimit, descriptor.publishLimits?.app);
  if (whole)
    out.push({
      key: `app:${network}`,
      limit: whole,
      owner: `this server's ${descriptor.name} app`,
      network: descriptor.name,
    });
  return out;
}

export interface Deferral {
  /** When the tightest exhausted window ends. */
  until: number;
  reason: string;
}

const windowOf = (limit: RateLimit, now: number) => Math.floor(now / limit.windowMs) * limit.windowMs;

/**
 * Spends one unit of every budget of each item, in the order given, inside the caller's
 * transaction. An item that would overdraw any of its budgets spends nothing and is deferred
 * to the end of that window. On PostgreSQL the budget rows are locked in key order, so
 * workers on several machines spend one budget without overdrawing it or deadlocking.
 */
export async function spendBudgets(
  trx: Kysely<Schema>,
  dialect: 'sqlite' | 'postgres',
  items: { id: string; budgets: Budget[] }[],
  now: number,
): Promise<Map<string, Deferral>> {
  const deferred = new Map<string, Deferral>();
  const windows = new Map<string, { key: string; start: number; limit: RateLimit; used: number }>();
  for (const item of items) {
    for (const b of item.budgets) {
      if (!windows.has(b.key))
        windows.set(b.key, { key: b.key, start: windowOf(b.limit, now), limit: b.limit, used: 0 });
    }
  }
  if (windows.size === 0) return deferred;
  const rows = [...windows.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  await trx
    .insertInto('rate_windows')
    .values(rows.map((r) => ({ key: r.key, window_start: r.start, used: 0 })))
    .onConflict((oc) => oc.columns(['key', 'window_start']).doNothing())
    .execute();
  let select = trx
    .selectFrom('rate_windows')
    .select(['key', 'window_start', 'used'])
    .where(
      'key',
      'in',
      rows.map((r) => r.key),
    )
    .where('window_start', '>=', Math.min(...rows.map((r) => r.start)))
    .orderBy('key');
  if (dialect === 'postgres') select = select.forUpdate();
  for (const row of await select.execute()) {
    const w = windows.get(row.key)!;
    if (Number(row.window_start) === w.start) w.used = Number(row.used);
  }

  const touched = new Set<string>();
  for (const item of items) {
    const full = item.budgets.filter((b) => windows.get(b.key)!.used >= b.limit.max);
    if (full.length > 0) {
      const tightest = full
        .map((b) => ({ b, end: windowOf(b.limit, now) + b.limit.windowMs }))
        .reduce((x, y) => (y.end > x.end ? y : x));
      const { b, end } = tightest;
      deferred.set(item.id, {
        until: end,
        reason: `Waiting for ${b.network}'s limit of ${b.limit.max} posts per ${describeWindow(b.limit.windowMs)} for ${b.owner}; it goes out at ${new Date(end).toISOString()}`,
      });
      continue;
    }
    for (const b of item.budgets) {
      windows.get(b.key)!.used++;
      touched.add(b.key);
    }
  }
  if (touched.size > 0) {
    const values = sql.join(
      [...touched].map((key) => {
        const w = windows.get(key)!;
        return sql`(${w.key}, cast(${w.start} as bigint), cast(${w.used} as integer))`;
      }),
    );
    // Absolute values are safe: this transaction holds the rows (PostgreSQL) or the database (SQLite).
    await sql`update rate_windows set used = v.column3 from (values ${values}) as v
      where rate_windows.key = v.column1 and rate_windows.window_start = v.column2`.execute(trx);
  }
  return deferred;
}

const describeWindow = (ms: number) => {
  if (ms % 86_400_000 === 0) return ms === 86_400_000 ? '24 hours' : `${ms / 86_400_000} days`;
  if (ms % 3_600_000 === 0) return ms === 3_600_000 ? 'hour' : `${ms / 3_600_000} hours`;
  if (ms % 60_000 === 0) return ms === 60_000 ? 'minute' : `${ms / 60_000} minutes`;
  return ms === 1_000 ? 'second' : `${ms / 1_000} seconds`;
};

/** Windows end within a day; older rows only take space. */
export async function purgeRateWindows(db: Kysely<Schema>, now = Date.now()) {
  await db
    .deleteFrom('rate_windows')
    .where('window_start', '<', now - 2 * 86_400_000)
    .execute();
}
