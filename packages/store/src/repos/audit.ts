import { type AuditEntry, iso, newId } from '@araldo/core';
import type { Kysely } from 'kysely';
import { decodeCursor, toPage } from '../pagination';
import type { Schema } from '../schema';

export interface AuditRecord {
  workspaceId: string | null;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** Called inside the transaction that makes the change, so the log cannot miss or invent one. */
export async function recordAudit(db: Kysely<Schema>, entry: AuditRecord, at = Date.now()) {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      workspace_id: entry.workspaceId,
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      before: json(entry.before),
      after: json(entry.after),
      at,
    })
    .execute();
}

export async function listAudit(
  db: Kysely<Schema>,
  workspaceId: string,
  options: { limit: number; cursor?: string | undefined },
) {
  const after = decodeCursor(options.cursor);
  let q = db.selectFrom('audit_log').selectAll().where('workspace_id', '=', workspaceId);
  if (after) q = q.where('id', '<', after);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return toPage(
    rows,
    options.limit,
    (r): AuditEntry => ({
      id: r.id,
      workspaceId: r.workspace_id,
      actorId: r.actor_id,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      before: r.before === null ? null : JSON.parse(r.before),
      after: r.after === null ? null : JSON.parse(r.after),
      at: iso(r.at),
    }),
  );
}
