import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../shared/errors';

/** One process at a time runs the jobs of a data folder: a second one would re-queue and run the first one's
 * jobs too. Hosts and job-running CLI commands hold this lock; read-only commands do not need it. A lock left
 * by a crashed process (its pid is gone) is taken over. */

export const LOCK_FILE = 'atelier.lock';

export interface LockInfo {
  pid: number;
  /** What holds it: `atelier serve`, the desktop app, `atelier import`... */
  holder: string;
}

export interface InstanceLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof v.pid === 'number' ? { pid: v.pid, holder: String(v.holder ?? 'Atelier') } : null;
  } catch {
    return null;
  }
}

export function acquireInstanceLock(dataDir: string, holder: string): InstanceLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, holder } satisfies LockInfo));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const other = readLock(file);
      if (other && other.pid !== process.pid && alive(other.pid)) {
        throw new AppError(
          'CONFLICT',
          `${other.holder} (process ${other.pid}) is already working on the data folder ${dataDir}. ` +
            'Use it (its window, or the address `atelier serve` printed), or stop it first.',
          other,
        );
      }
      // Stale (crashed holder) or unreadable: take it over.
      rmSync(file, { force: true });
    }
  }
  throw new AppError('CONFLICT', `Could not lock the data folder ${dataDir}; try again.`);
}
