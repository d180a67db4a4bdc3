import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../util/package-root';

/** Atelier's launch shim (engines/shims/atelier_launch.py) sits between `accelerate launch` and the engine script
 * and gives the engines the graceful stop they lack: asked by a stop file (which it reads at every step) or by a
 * SIGINT to its own process, it saves the training state at the next optimizer step and exits with 130. */

export const SHIM_FILE = 'atelier_launch.py';
/** The variable naming the stop file the shim watches: Windows has no SIGINT for a process group, and elsewhere one
 * would reach the data loader's workers too. */
export const STOP_FILE_ENV = 'ATELIER_STOP_FILE';
/** What the stop file says: save the state at the next step, or stop there without saving. */
export type StopFileWord = 'save' | 'exit';

export const isShim = (arg: string): boolean => arg === SHIM_FILE || arg.endsWith(`/${SHIM_FILE}`) || arg.endsWith(`\\${SHIM_FILE}`);

/** Where the shim is. Python cannot read inside Electron's asar archive; engines/ is unpacked beside it. */
export function shimPath(root: string = packageRoot()): string {
  return join(root, 'engines', 'shims', SHIM_FILE).replace(/([\\/])app\.asar(?=[\\/])/, '$1app.asar.unpacked');
}

/** The training command with the shim in front of the engine script: `accelerate launch <accelerate flags>
 * atelier_launch.py <script.py> <script args>`; the script still sees exactly its own arguments. A shim already
 * there is replaced by `shim`: a stored plan names the shim where Atelier was when it was planned, and an AppImage
 * is mounted at a new path at each launch. Unchanged when the command is not an `accelerate launch` of a script. */
export function withStopShim(argv: readonly string[], shim: string = shimPath()): string[] {
  const launch = argv.indexOf('launch');
  const script = launch < 0 ? -1 : argv.findIndex((a, i) => i > launch && a.endsWith('.py'));
  if (script < 0) return [...argv];
  return [...argv.slice(0, script), shim, ...argv.slice(isShim(argv[script]!) ? script + 1 : script)];
}

/** Writes the stop file under another name and renames it into place, so that the shim, reading it at any moment,
 * finds the whole word or none (an empty file caught mid-write would say nothing). */
export function writeStopFile(path: string, word: StopFileWord): void {
  const part = `${path}.${process.pid}.part`;
  writeFileSync(part, word);
  renameSync(part, path);
}
