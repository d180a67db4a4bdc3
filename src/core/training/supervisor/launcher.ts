import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { GROUP_ALIVE_SOURCE } from './process-group';

/** Files of one launch (an "attempt") of a step, in its own folder under <dataDir>/runs/<id>/logs/:
 * launch.json (what to run), output.log (stdout and stderr, interleaved as written), pid.json (written by the
 * launcher once the engine started), exit.json (once the engine's whole process group has ended) and stop (written
 * to ask the launch shim for a stop; see shim.ts). */
export const LAUNCH_FILE = 'launch.json';
export const LOG_FILE = 'output.log';
export const PID_FILE = 'pid.json';
export const EXIT_FILE = 'exit.json';
export const STOP_FILE = 'stop';

export interface LaunchSpec {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface PidInfo {
  launcher: number;
  pid: number;
  /** The engine's process group (= its pid: it is started as a group leader). */
  pgid: number;
  startedAt: number;
}

export interface ExitRecord {
  code: number | null;
  signal: string | null;
  /** The engine could not be started at all: the error, and its code (ENOENT, EACCES…). */
  error: string | null;
  errorCode?: string | null;
  endedAt: number;
}

/** The launcher: a small detached Node process that starts the engine as the leader of its own process group with
 * its output going to output.log, records its pid, and after the engine exits waits until every process of the
 * group is gone (accelerate's child outlives accelerate on Ctrl-C) before writing exit.json. It ignores the
 * signals meant for the engine and does not depend on Atelier staying alive, so a run outlives the window and its
 * exit status is known after a restart.
 * It is plain JavaScript in a string, run with `node -e`: bundlers rewrite the code they touch (imports, require),
 * and this must run as written. */
const LAUNCHER_SOURCE = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const cp = require('node:child_process');
const dir = process.argv[process.argv.length - 1];
const spec = JSON.parse(fs.readFileSync(path.join(dir, 'launch.json'), 'utf8'));
function writeJson(name, value) {
  const p = path.join(dir, name);
  fs.writeFileSync(p + '.tmp', JSON.stringify(value));
  fs.renameSync(p + '.tmp', p);
}
${GROUP_ALIVE_SOURCE}
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
const out = fs.openSync(path.join(dir, 'output.log'), 'a');
function fail(err) {
  fs.writeSync(out, "\nAtelier could not start '" + spec.argv[0] + "': " + err.message + "\n");
  writeJson('exit.json', { code: null, signal: null, error: err.message, errorCode: err.code || null, endedAt: Date.now() });
  process.exit(0);
}
let child;
try {
  child = cp.spawn(spec.argv[0], spec.argv.slice(1), { cwd: spec.cwd, env: spec.env, stdio: ['ignore', out, out], detached: true, windowsHide: true });
} catch (err) {
  fail(err);
}
child.on('error', fail);
child.on('spawn', () => writeJson('pid.json', { launcher: process.pid, pid: child.pid, pgid: child.pid, startedAt: Date.now() }));
child.on('exit', (code, signal) => {
  const wait = () => {
    if (process.platform !== 'win32' && groupAlive(child.pid)) return void setTimeout(wait, 100);
    writeJson('exit.json', { code, signal, error: null, endedAt: Date.now() });
    process.exit(0);
  };
  wait();
});
`;

/** Starts a step's launcher (detached, not tied to this process) and returns its pid. The engine's own pid and
 * process group appear in pid.json moments later. */
export async function launch(dir: string, spec: LaunchSpec): Promise<number> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, LAUNCH_FILE), JSON.stringify(spec, null, 1));
  const sub = execa(process.execPath, ['-e', LAUNCHER_SOURCE, dir], {
    detached: true,
    stdio: 'ignore',
    cleanup: false,
    reject: false,
    // In Electron, process.execPath is the app: run it as plain Node.
    env: { ELECTRON_RUN_AS_NODE: '1' },
    windowsHide: true,
  });
  sub.unref();
  void sub.catch(() => {});
  await new Promise<void>((resolve, reject) => {
    sub.once('spawn', () => resolve());
    sub.once('error', reject);
  });
  return sub.pid!;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null; // absent, or being renamed into place
  }
}

export const readPid = (dir: string): PidInfo | null => readJson<PidInfo>(join(dir, PID_FILE));
export const readExit = (dir: string): ExitRecord | null => readJson<ExitRecord>(join(dir, EXIT_FILE));
export const hasLaunch = (dir: string): boolean => existsSync(join(dir, LAUNCH_FILE));
