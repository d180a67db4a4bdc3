import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/run';

/** Runs the CLI's code in this process (same as the built `atelier` minus its 10-line entry point), for the many
 * quick argument-handling cases; the process-level behaviour has its own tests. */
export async function runInProcess(dataDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        append(chunk.toString());
        cb();
      },
    }) as unknown as NodeJS.WriteStream;
  const code = await runCli(['--data', dataDir, ...args], {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    env: { ...process.env, ATELIER_DATA: '' },
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}
