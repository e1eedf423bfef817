#!/usr/bin/env -S node --max-semi-space-size=32
// The CLI runs from the bundle that `npm run build` writes; from a fresh clone, build first.
// The Node option above gives the young generation room for a publishing burst's objects in
// flight: a worker spent a fifth of its CPU on garbage collection with Node's default
// (16 MB), under a tenth with 32 (`npm run bench`). `npm start` passes the same option.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/araldo.js', import.meta.url));
if (!existsSync(bundle)) {
  console.error(
    'araldo: not built yet. Run `npm run build` (or `npm start`, which builds) in the Araldo folder.',
  );
  process.exit(1);
}
await import(bundle);
