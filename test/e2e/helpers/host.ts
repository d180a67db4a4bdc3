import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './repo';

export interface RunningHost {
  /** The address `atelier serve` printed, with its one-time token. */
  url: string;
  origin: string;
  dataDir: string;
  proc: ChildProcess;
  /** Output so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** Starts the built CLI's `serve` on a free port over dataDir and waits for the address it prints. The renderer
 * must be built (`npm run build:renderer`), the CLI bundled (vitest's global setup does that). */
export async function startHost(dataDir: string, timeoutMs = 30_000): Promise<RunningHost> {
  const proc = spawn(process.execPath, [join(REPO, 'bin', 'atelier.js'), '--data', dataDir, 'serve', '--port', '0'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ATELIER_DATA: dataDir },
  });
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`atelier serve printed no address in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`atelier serve exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    proc,
    log: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const kill = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        proc.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}
