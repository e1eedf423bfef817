import fs from 'node:fs';
import path from 'node:path';
import { AraldoError } from '@araldo/core';
import { withContext } from '../environment';

export async function backup(file: string) {
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new AraldoError('conflict', `${target} already exists; choose a new file`);
  await withContext(async (ctx) => {
    await ctx.store.backup(target);
    const size = fs.statSync(target).size;
    console.log(`Backed up the database to ${target} (${Math.round(size / 1024)} KiB).`);
    console.log(
      `Keep ${path.join(ctx.config.dataDir, 'secret.key')} (or ARALDO_SECRET) with it: channel credentials need it.`,
    );
  });
}
