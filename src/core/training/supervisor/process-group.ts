import { readFileSync } from 'node:fs';

/** Whether any live (non-zombie) process is left in a POSIX process group. On Linux /proc is read, because a
 * group whose members are zombies not yet reaped (no init reaping in some containers) still answers kill(-g, 0).
 * Self-contained (only `require`), because the launcher's source is built from it. */
export function groupAlive(pgid: number): boolean {
  if (process.platform === 'linux') {
    const fs = require('node:fs') as typeof import('node:fs');
    let names: string[];
    try {
      names = fs.readdirSync('/proc');
    } catch {
      names = [];
    }
    if (names.length) {
      for (const name of names) {
        if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
        let stat: string;
        try {
          stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
        } catch {
          continue;
        }
        // pid (comm) state ppid pgrp ... ; comm may hold spaces and parentheses, so parse after the last ')'
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(rest[2]) === pgid && rest[0] !== 'Z' && rest[0] !== 'X') return true;
      }
      return false;
    }
  }
  try {
    process.kill(process.platform === 'win32' ? pgid : -pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a single process is alive (and not a zombie, on Linux). */
export function processAlive(pid: number): boolean {
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return state !== 'Z' && state !== 'X';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a process (Linux), to tell our launcher from an unrelated process that reused its pid. */
export function processCommandLine(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return null;
  }
}

/** Sends a signal to every process of the group; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(process.platform === 'win32' ? pgid : -pgid, signal);
    return true;
  } catch {
    return false;
  }
}
