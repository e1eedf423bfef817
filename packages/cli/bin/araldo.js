#!/bin/sh
":" //; exec node --max-semi-space-size=32 "$0" "$@"
// This file is read twice. As a POSIX shell script (the line above, a no-op in JavaScript), it
// starts Node with the option that the shebang cannot portably carry (BusyBox's env, as on
// Alpine, has no -S); `exec` keeps the process id, so signals reach Node directly. As an ES
// module (the rest), it runs the CLI from the bundle that `npm run build` writes.
// The option gives the young generation room for a publishing burst's objects in flight: a
// worker spent a fifth of its CPU on garbage collection with Node's default (16 MB), under a
// tenth with 32 (`npm run bench`). `npm start` passes the same option.
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
