import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { REPO } from '../helpers/tmp';

export const BIN = join(REPO, 'bin', 'atelier.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`node bin/atelier.js`) as a process with its own data dir. */
export function atelier(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, '--data', dataDir, ...args],
      { env: { ...process.env, ATELIER_DATA: '', ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export function spawnAtelier(dataDir: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, '--data', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves with the first stdout match of `re` (rejects if the process ends first). */
export function waitForOutput(child: ChildProcess, re: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = out.match(re);
      if (m) resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing ${re}: ${out}${err}`)));
  });
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** Items in a data folder's database, read as a second connection while a CLI process writes it (0 until its
 * schema exists). */
export function countItems(dataDir: string): number {
  const file = join(dataDir, 'atelier.db');
  if (!existsSync(file)) return 0;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'items'").pluck().get() ? (db.prepare('SELECT COUNT(*) FROM items').pluck().get() as number) : 0;
  } catch {
    return 0; // being created
  } finally {
    db?.close();
  }
}

/** Starts `atelier ...args` (an import) and kills it with SIGKILL once it has committed at least `atLeast` items;
 * returns how many there were. Fails when the command ends first (make the import bigger). */
export async function killMidImport(dataDir: string, args: string[], atLeast: number, timeoutMs = 60_000): Promise<number> {
  const child = spawn(process.execPath, [BIN, '--data', dataDir, ...args], { stdio: 'ignore', env: { ...process.env, ATELIER_DATA: '' } });
  const end = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`The import ended (exit ${child.exitCode}) before ${atLeast} items: make it bigger.`);
      if (Date.now() > end) throw new Error(`The import committed fewer than ${atLeast} items in ${timeoutMs} ms.`);
      const n = countItems(dataDir);
      if (n >= atLeast) {
        child.kill('SIGKILL');
        const signal = await new Promise((resolve) => (child.signalCode ? resolve(child.signalCode) : child.once('exit', (_c, sig) => resolve(sig))));
        if (signal !== 'SIGKILL') throw new Error(`The import ended by itself (${String(signal)}) before the kill.`);
        return countItems(dataDir);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
