import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** Builds dist/renderer when it is missing or older than the renderer's sources (`npm test` builds it first;
 * running one e2e file by hand may not have). */
export function ensureRendererBuilt(): void {
  const index = join(REPO, 'dist', 'renderer', 'index.html');
  const sources = Math.max(newestMtime(join(REPO, 'src', 'renderer')), newestMtime(join(REPO, 'src', 'shared')), statSync(join(REPO, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
}
