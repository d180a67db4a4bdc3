import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/** The folder holding Atelier's package.json, from source (tests) or from the bundles in dist/. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'atelier') {
      cached = dir;
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('Cannot find the Atelier package root.');
    dir = up;
  }
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Path of a bundled worker script (built by scripts/build-node.mjs from src/core/**\/NAME.worker.ts). */
export function workerScript(name: string): string {
  const p = join(packageRoot(), 'dist', 'workers', `${name}.worker.js`);
  if (!existsSync(p)) throw new Error(`Worker script ${p} is missing: run \`npm run build\`.`);
  return p;
}
