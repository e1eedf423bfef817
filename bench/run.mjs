// `npm run bench`: bundles the benchmark and the `araldo` CLI from the current sources
// (or from a patched copy: BENCH_SOURCE=/path/to/a/copy/of/the/repo), then runs it.
// Third-party packages stay external and load from the repository's node_modules.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const source = process.env.BENCH_SOURCE ? path.resolve(process.env.BENCH_SOURCE) : root;
const out = path.join(here, 'dist', process.env.BENCH_SOURCE ? 'patched' : 'current');

const ours = /^@araldo\/([a-z-]+)$/;
const resolver = {
  name: 'araldo-sources',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const own = ours.exec(args.path);
      if (own) return { path: path.join(source, 'packages', own[1], 'src', 'index.ts') };
      if (args.path.startsWith('node:')) return undefined;
      return { path: args.path, external: true };
    });
  },
};
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [resolver],
};
await build({
  ...common,
  entryPoints: [path.join(source, 'packages/cli/src/main.ts')],
  outfile: path.join(out, 'araldo.js'),
});
await build({ ...common, entryPoints: [path.join(here, 'main.ts')], outfile: path.join(out, 'bench.js') });

process.env.BENCH_ARALDO_BIN = path.join(out, 'araldo.js');
process.env.BENCH_DIR = here;
process.env.BENCH_SOURCE_USED = source;
await import(path.join(out, 'bench.js'));
