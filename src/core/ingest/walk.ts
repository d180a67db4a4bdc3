import type { Dirent, Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isJunkDir } from './file-kinds';

/** A recursive folder walk that streams one folder at a time (files first, in name order), follows symbolic
 * links but never loops, and reports what it cannot enter instead of failing. */

export interface WalkFolder {
  /** Relative to the walk's root, '/'-separated; '' for the root itself. */
  rel: string;
  dir: string;
  /** Regular files (or links to them), sorted by name. */
  files: string[];
}

export interface WalkProblem {
  path: string;
  code: 'UNREADABLE' | 'SYMLINK_LOOP' | 'BROKEN_LINK' | 'NOT_A_FILE';
  message: string;
}

export type WalkEvent = { type: 'folder'; folder: WalkFolder } | { type: 'problem'; problem: WalkProblem };

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }).compare;

function problem(path: string, code: WalkProblem['code'], message: string): WalkEvent {
  return { type: 'problem', problem: { path, code, message } };
}

function linkProblem(path: string, err: NodeJS.ErrnoException): WalkEvent {
  if (err.code === 'ELOOP') return problem(path, 'SYMLINK_LOOP', 'This link points back to itself (a link loop); skipped.');
  if (err.code === 'ENOENT') return problem(path, 'BROKEN_LINK', 'This link points to something that does not exist; skipped.');
  return problem(path, 'UNREADABLE', `Could not follow this link: ${err.message}`);
}

/** `skip(path)` excludes a folder (Atelier's own data, for one). */
export async function* walkFolder(root: string, skip: (dir: string) => boolean = () => false): AsyncGenerator<WalkEvent> {
  const visited = new Set<string>();
  const rootStat = await stat(root);
  visited.add(`${rootStat.dev}:${rootStat.ino}`);
  const stack: { dir: string; rel: string }[] = [{ dir: root, rel: '' }];
  while (stack.length) {
    const { dir, rel } = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      yield problem(dir, 'UNREADABLE', `Could not open this folder: ${(err as Error).message}`);
      continue;
    }
    entries.sort((a, b) => byName(a.name, b.name));
    const files: string[] = [];
    const subdirs: { dir: string; rel: string }[] = [];
    for (const e of entries) {
      const path = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      let st: Stats | null = null;
      if (e.isSymbolicLink() || isDir) {
        try {
          st = await stat(path);
        } catch (err) {
          yield linkProblem(path, err as NodeJS.ErrnoException);
          continue;
        }
        isDir = st.isDirectory();
        isFile = st.isFile();
      }
      if (isDir) {
        if (isJunkDir(e.name) || e.name.startsWith('.') || skip(path)) continue;
        const key = `${st!.dev}:${st!.ino}`;
        if (visited.has(key)) {
          yield problem(path, 'SYMLINK_LOOP', 'This folder is already being imported through another path (a link loop); skipped.');
          continue;
        }
        visited.add(key);
        subdirs.push({ dir: path, rel: rel ? `${rel}/${e.name}` : e.name });
      } else if (isFile) {
        files.push(e.name);
      } else {
        yield problem(path, 'NOT_A_FILE', 'Not a regular file (a device, socket or pipe); skipped.');
      }
    }
    yield { type: 'folder', folder: { rel, dir, files } };
    // Depth-first in name order: push in reverse so the first sub-folder is walked next.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}
