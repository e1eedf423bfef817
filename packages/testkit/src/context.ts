import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '@araldo/core';
import { type Context, openContext } from '@araldo/engine';
import { createTestDatabase, type TestDatabase } from './databases';

export interface TestContext extends Context {
  dataDir: string;
  database: TestDatabase;
  dispose(): Promise<void>;
}

/** A migrated database, a data folder and the context every command takes. */
export async function createTestContext(
  dialect: 'sqlite' | 'postgres',
  env: Record<string, string> = {},
): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'araldo-test-'));
  const database = await createTestDatabase(dialect, dataDir);
  const config = parseConfig({
    ARALDO_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const ctx = await openContext(config);
  return {
    ...ctx,
    dataDir,
    database,
    dispose: async () => {
      await ctx.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
