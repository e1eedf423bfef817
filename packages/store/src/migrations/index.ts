import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './0001-foundation';

/** Kept in code, not read from a folder, so the bundled server carries its migrations. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
