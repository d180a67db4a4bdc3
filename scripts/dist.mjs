// `npm run dist`: builds, packages with electron-builder (which rebuilds better-sqlite3 for Electron's ABI), then
// rebuilds better-sqlite3 for Node again so the CLI, the headless host and the tests keep working in this tree.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const win = process.platform === 'win32';
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: win }).status ?? 1;

let status = run(win ? 'npm.cmd' : 'npm', ['run', 'build']);
if (status === 0) {
  status = run(win ? 'npx.cmd' : 'npx', ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)]);
  const restored = run(win ? 'npm.cmd' : 'npm', ['rebuild', 'better-sqlite3']);
  if (restored !== 0) console.error('dist: could not rebuild better-sqlite3 for Node; run `npm rebuild better-sqlite3`.');
}
process.exit(status);
