import { sql } from 'kysely';
import type { Context } from '../context';

interface Pending {
  id: string;
  entries: Record<string, unknown>;
  done: (journal: Record<string, unknown>) => void;
  fail: (error: unknown) => void;
}

/**
 * Adapters journal progress (a status id, a container id) one call at a time, often from
 * a hundred concurrent publishes. Entries that arrive in the same turn of the event loop are
 * written in one transaction (one commit), each an atomic JSON merge; every caller resumes
 * only once its own entries are durable.
 */
export class JournalWriter {
  #pending: Pending[] = [];

  constructor(private readonly ctx: Context) {}

  merge(id: string, entries: Record<string, unknown>): Promise<Record<string, unknown>> {
    return new Promise((done, fail) => {
      if (this.#pending.length === 0) setImmediate(() => void this.#flush());
      this.#pending.push({ id, entries, done, fail });
    });
  }

  async #flush() {
    const batch = this.#pending;
    this.#pending = [];
    const postgres = this.ctx.store.dialect === 'postgres';
    try {
      const results = await this.ctx.store.db.transaction().execute(async (trx) => {
        const out: Record<string, unknown>[] = [];
        for (const p of batch) {
          const patch = JSON.stringify(p.entries);
          const row = postgres
            ? await sql<{
                journal: string;
              }>`update deliveries set journal = (journal::jsonb || ${patch}::jsonb)::text
                where id = ${p.id} returning journal`.execute(trx)
            : await sql<{ journal: string }>`update deliveries set journal = json_patch(journal, ${patch})
                where id = ${p.id} returning journal`.execute(trx);
          out.push(JSON.parse(row.rows[0]?.journal ?? '{}') as Record<string, unknown>);
        }
        return out;
      });
      for (const [i, p] of batch.entries()) p.done(results[i]!);
    } catch (error) {
      for (const p of batch) p.fail(error);
    }
  }
}
