#!/usr/bin/env node
// The CLI runs from the bundle that `npm run build` writes; from a fresh clone, build first.
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
