import path from 'node:path';
import type { Config } from '@araldo/core';
import { HttpClient } from '@araldo/networks';
import {
  CredentialCipher,
  loadCredentialKey,
  migrate,
  openStore,
  purgeExpired,
  purgeFinishedOutboxes,
} from '@araldo/store';
import { checkChannels } from './channel-health';
import type { Context } from './context';
import { MediaStorage } from './media-storage';
import { requeueEvergreen, syncMetrics } from './metrics/index';
import { startNoticeMail } from './notices/index';
import { purgeRateWindows } from './publishing/rate-limits';
import { extendRecurrences } from './publishing/schedule';
import { EmbeddedQueue } from './queue/embedded-queue';
import { PgBossQueue } from './queue/pg-boss-queue';

/** The one place a process turns configuration into live dependencies. */
export async function openContext(config: Config, options: { migrate?: boolean } = {}): Promise<Context> {
  const store = openStore(config.database);
  try {
    if (options.migrate !== false) await migrate(store);
    const cipher = new CredentialCipher(
      loadCredentialKey({ secret: config.secret, dataDir: config.dataDir }),
    );
    const http = new HttpClient({ allowPrivate: config.allowPrivateUrls, timeoutMs: config.httpTimeoutMs });
    const queue =
      config.queue === 'pg-boss' && config.database.kind === 'postgres'
        ? new PgBossQueue(store, config.database.url.reveal(), {
            leaseSeconds: config.jobLeaseSeconds,
            // Expired leases are noticed by maintenance: run it at least once a lease.
            maintenanceSeconds: Math.min(30, config.jobLeaseSeconds),
          })
        : new EmbeddedQueue(store);
    await queue.start();
    return {
      store,
      cipher,
      config,
      media: new MediaStorage(path.join(config.dataDir, 'media')),
      http,
      queue,
      close: async () => {
        await queue.stop();
        await http.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * Background upkeep run by every worker. Safe to run in many processes at once: each pass
 * is an idempotent delete.
 */
export function startHousekeeping(ctx: Context, everyMs = 10 * 60_000) {
  const run = async () => {
    await purgeExpired(ctx.store.db).catch(() => undefined);
    await purgeRateWindows(ctx.store.db).catch(() => undefined);
    await purgeFinishedOutboxes(ctx.store.db).catch(() => undefined);
    await checkChannels(ctx).catch(() => undefined);
    // Metrics first, so evergreen decisions read the newest numbers; both claim their rows.
    await syncMetrics(ctx).catch(() => undefined);
    await requeueEvergreen(ctx).catch(() => undefined);
  };
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  // Recurring posts need their next occurrence soon after the last one went out.
  const recurrences = setInterval(() => void extendRecurrences(ctx).catch(() => undefined), 20_000);
  recurrences.unref();
  // Only with SMTP configured; every worker may run it (notices and e-mails are claimed).
  const mail = startNoticeMail(ctx, 15_000);
  return {
    stop: async () => {
      clearInterval(timer);
      clearInterval(recurrences);
      await mail.stop();
    },
  };
}
