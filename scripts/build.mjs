// Bundles the CLI (and the web page, when present) with esbuild: fast, no binary downloads,
// and it sidesteps graphology's typings that NodeNext emit cannot consume.
import { build } from 'esbuild';
import { existsSync, mkdirSync, chmodSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
await build({
  // Worker scripts are bundles of their own next to the CLI (src/graph/count-pairs.ts finds them there).
  entryPoints: { lockstep: 'src/cli/main.ts', 'pair-worker': 'src/graph/pair-worker.ts', 'groups-worker': 'src/graph/groups-worker.ts', 'text-worker': 'src/graph/text-worker.ts', 'memory-watchdog': 'src/exec/memory-watchdog.ts', 'flag-worker': 'src/detect/flag-worker.ts', 'communities-worker': 'src/detect/communities-worker.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  banner: { js: '#!/usr/bin/env node' }, // harmless in the worker bundle
  logLevel: 'warning',
});
chmodSync('dist/lockstep.js', 0o755);

// The analyst page is bundled for the browser, when its entry exists.
if (existsSync('src/web/app.ts')) {
  await build({
    entryPoints: ['src/web/app.ts'],
    outdir: 'dist/web',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    loader: { '.css': 'css' },
    logLevel: 'warning',
  });
}
