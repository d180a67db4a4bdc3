import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './repo';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

function fresh(): boolean {
  const index = join(REPO, 'dist', 'renderer', 'index.html');
  const sources = Math.max(newestMtime(join(REPO, 'src', 'renderer')), newestMtime(join(REPO, 'src', 'shared')), statSync(join(REPO, 'index.html')).mtimeMs);
  return existsSync(index) && statSync(index).mtimeMs >= sources;
}

/** Builds dist/renderer when it is missing or older than the renderer's sources (`npm test` builds it first;
 * running one e2e file by hand may not have). Test files running side by side take turns (a lock folder), so
 * one build does not delete the chunks another is loading. */
export function ensureRendererBuilt(): void {
  if (fresh()) return;
  const lock = join(REPO, 'node_modules', '.cache', 'atelier-renderer-build.lock');
  mkdirSync(join(lock, '..'), { recursive: true });
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test process is building; a lock older than the deadline is a leftover of a killed run.
      if (Date.now() > deadline || Date.now() - statSync(lock).mtimeMs > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      else execFileSync(process.execPath, ['-e', 'setTimeout(() => {}, 500)']);
    }
  }
  try {
    if (!fresh()) execFileSync(process.execPath, [join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
