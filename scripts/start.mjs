// `npm start`: builds what is missing or stale, then opens the desktop window when Electron can run here,
// otherwise the same studio in the browser through the headless host (`atelier serve --open`).
// `npm start -- --browser` goes straight to the browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const browserOnly = process.argv.includes('--browser');
const args = process.argv.slice(2).filter((a) => a !== '--browser');
const outputs = ['dist/cli.js', 'dist/main/main.cjs', 'dist/preload/preload.cjs', 'dist/renderer/index.html'].map((p) => join(root, p));

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  if (!outputs.every((p) => existsSync(p))) return true;
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  return newestMtime(join(root, 'src')) > built || statSync(join(root, 'index.html')).mtimeMs > built;
}

function electronBinary() {
  try {
    const p = require('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/** better-sqlite3 is a native module built for one ABI: `npm ci` builds it for Node (CLI, host, tests). */
function sqliteLoadsIn(electron) {
  const r = spawnSync(electron, ['-e', "require('better-sqlite3')"], {
    cwd: root,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: 'ignore',
    timeout: 60_000,
  });
  return r.status === 0;
}

function serveInBrowser(why) {
  console.log(`${why}\nOpening the studio in your browser instead (the address is printed below).`);
  const child = spawn(process.execPath, [join(root, 'bin', 'atelier.js'), 'serve', '--open', ...args], { stdio: 'inherit' });
  forward(child);
}

function forward(child) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (needsBuild()) {
  console.log('Building Atelier…');
  const r = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

let electron = browserOnly ? null : electronBinary();
if (!electron && !browserOnly && existsSync(join(root, 'node_modules', 'electron', 'install.js'))) {
  // Its postinstall is not run by `npm ci` here; fetch the binary once, and carry on without it if that fails
  // (offline, say): one line saying why, not the downloader's stack trace.
  console.log('Fetching the Electron binary…');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'], timeout: 180_000, encoding: 'utf8' });
  electron = electronBinary();
  const reason = (r.stderr ?? '').split('\n').find((l) => /error/i.test(l))?.trim();
  if (!electron && reason) console.log(`Could not fetch Electron: ${reason}`);
}

if (!electron) {
  serveInBrowser(browserOnly ? 'Starting the studio for the browser.' : 'Electron is not available on this machine.');
} else if (!sqliteLoadsIn(electron)) {
  serveInBrowser(
    'Electron is installed, but better-sqlite3 is built for Node (for the CLI and the tests).\n' +
      'For the desktop window from a source checkout: `npx electron-rebuild -f -w better-sqlite3`, then `npm start`\n' +
      '(and `npm rebuild better-sqlite3` to get the Node build back), or package the app with `npm run dist`.',
  );
} else {
  forward(spawn(electron, [root, ...args], { stdio: 'inherit' }));
}
