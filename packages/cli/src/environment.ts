import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Config, parseConfig } from '@araldo/core';
import { type Context, openContext } from '@araldo/engine';
import dotenv from 'dotenv';

/** `.env` fills in what the real environment leaves unset; it never overrides it. */
export function loadConfig(): Config {
  const file = path.resolve('.env');
  const fromFile = fs.existsSync(file) ? dotenv.parse(fs.readFileSync(file)) : {};
  return parseConfig({ ...fromFile, ...process.env });
}

/** Both the bundle (packages/cli/dist) and the sources (packages/cli/src) sit two levels below packages/. */
export const webDir = () => path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function withContext<T>(run: (ctx: Context) => Promise<T>): Promise<T> {
  const ctx = await openContext(loadConfig());
  try {
    return await run(ctx);
  } finally {
    await ctx.close();
  }
}
