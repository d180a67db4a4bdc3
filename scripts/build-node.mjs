// Bundles every Node-side entry (CLI, headless host, worker threads, Electron main and preload) with esbuild.
// Dependencies stay external: native modules (better-sqlite3, sharp, onnxruntime-node) must load from node_modules.
import { build } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function findWorkers(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findWorkers(p));
    else if (name.endsWith('.worker.ts')) out.push(p);
  }
  return out;
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

const workers = Object.fromEntries(
  findWorkers(join(root, 'src/core')).map((p) => [basename(p, '.ts'), p]),
);

await Promise.all([
  build({ ...common, format: 'esm', entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist' }),
  Object.keys(workers).length
    ? build({ ...common, format: 'esm', entryPoints: workers, outdir: 'dist/workers' })
    : Promise.resolve(),
  build({
    ...common,
    format: 'cjs',
    entryPoints: { main: 'src/main/main.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
    // The core finds its package root from import.meta.url, which a CJS bundle lacks: derive it from __filename.
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "'use strict';\nconst __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  }),
  build({ ...common, format: 'cjs', entryPoints: { preload: 'src/preload/preload.ts' }, outdir: 'dist/preload', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
]);
