import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './0001-foundation';
import * as connections from './0002-connections';
import * as publishing from './0003-publishing';
import * as webhooks from './0004-webhooks';
import * as mail from './0005-mail';
import * as metrics from './0006-metrics';
import * as rateLimits from './0007-rate-limits';

/** Kept in code, not read from a folder, so the bundled server carries its migrations. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-connections': connections,
  '0003-publishing': publishing,
  '0004-webhooks': webhooks,
  '0005-mail': mail,
  '0006-metrics': metrics,
  '0007-rate-limits': rateLimits,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
