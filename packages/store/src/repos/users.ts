import { iso, type User } from '@araldo/core';
import type { Kysely, Selectable } from 'kysely';
import type { Schema, UsersTable } from '../schema';

export const toUser = (r: Selectable<UsersTable>): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  locale: r.locale,
  createdAt: iso(r.created_at),
});

/** Emails are compared lower-cased: people type them in every case. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Kysely<Schema>, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export async function findUserById(db: Kysely<Schema>, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countUsers(db: Kysely<Schema>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(
  db: Kysely<Schema>,
  user: { id: string; email: string; name: string; passwordHash: string; locale?: string },
  now = Date.now(),
) {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      email: normalizeEmail(user.email),
      name: user.name,
      password_hash: user.passwordHash,
      locale: user.locale ?? 'en',
      created_at: now,
    })
    .execute();
}

export async function updateUser(
  db: Kysely<Schema>,
  id: string,
  patch: { name?: string; locale?: string; passwordHash?: string },
) {
  const values: Partial<Selectable<UsersTable>> = {};
  if (patch.name !== undefined) values.name = patch.name;
  if (patch.locale !== undefined) values.locale = patch.locale;
  if (patch.passwordHash !== undefined) values.password_hash = patch.passwordHash;
  if (Object.keys(values).length === 0) return;
  await db.updateTable('users').set(values).where('id', '=', id).execute();
}
