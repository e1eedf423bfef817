// Bundles the CLI (and with it the server, engine, store and core) into one ESM file.
// Third-party packages stay external: native modules and packages that read their own
// files (swagger-ui's assets) must load from node_modules.
import { build } from 'esbuild';

const ours = /^@araldo\//;
await build({
  entryPoints: ['packages/cli/src/main.ts'],
  outfile: 'packages/cli/dist/araldo.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-dependencies',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          ours.test(args.path) || args.path.startsWith('node:')
            ? undefined
            : { path: args.path, external: true },
        );
      },
    },
  ],
});
