import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isInside } from '../media';
import { isJunkDir } from './file-kinds';

/** A recursive folder walk that streams one folder at a time (files first, in name order), follows symbolic
 * links but never loops, and reports what it cannot enter instead of failing. */

export type LinkedFolder = 'follow' | 'loop' | 'inside';

/** What a walk does with a folder reached through a symbolic link. `target` is the link's real path, `chain` the
 * real paths of the folders on the way to it (the walk's root first, the link's own folder last). Imports and
 * folder watchers share this rule, so they see the same files whatever order they go in:
 * - 'loop': the link leads back to one of those folders, or above one;
 * - 'inside': its target lies inside one of them, so its pictures are found where they really are;
 * - 'follow': anything else, e.g. a folder of links into a photo library elsewhere. Pure. */
export function linkedFolder(target: string, chain: readonly string[]): LinkedFolder {
  if (chain.some((c) => isInside(c, target))) return 'loop';
  if (chain.some((c) => isInside(target, c))) return 'inside';
  return 'follow';
}

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

const LINK_PROBLEMS: Record<Exclude<LinkedFolder, 'follow'>, string> = {
  loop: 'This link points back to a folder it is in (a link loop); skipped.',
  inside: 'This link points to a folder that is imported from where it is; skipped, so its pictures come in once.',
};

/** `skip(path)` excludes a folder (Atelier's own data, for one), by the path it is reached at or its real one. */
export async function* walkFolder(root: string, skip: (dir: string) => boolean = () => false): AsyncGenerator<WalkEvent> {
  const stack: { dir: string; rel: string; chain: string[] }[] = [{ dir: root, rel: '', chain: [await realpath(root)] }];
  while (stack.length) {
    const { dir, rel, chain } = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      yield problem(dir, 'UNREADABLE', `Could not open this folder: ${(err as Error).message}`);
      continue;
    }
    entries.sort((a, b) => byName(a.name, b.name));
    const files: string[] = [];
    const subdirs: { dir: string; rel: string; chain: string[] }[] = [];
    const here = chain.at(-1)!;
    for (const e of entries) {
      const path = join(dir, e.name);
      const link = e.isSymbolicLink();
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      let target = join(here, e.name);
      if (link) {
        let st: Stats;
        try {
          st = await stat(path);
          target = await realpath(path);
        } catch (err) {
          yield linkProblem(path, err as NodeJS.ErrnoException);
          continue;
        }
        isDir = st.isDirectory();
        isFile = st.isFile();
      }
      if (isDir) {
        if (isJunkDir(e.name) || e.name.startsWith('.') || skip(path) || skip(target)) continue;
        const verdict = link ? linkedFolder(target, chain) : 'follow';
        if (verdict !== 'follow') {
          yield problem(path, 'SYMLINK_LOOP', LINK_PROBLEMS[verdict]);
          continue;
        }
        subdirs.push({ dir: path, rel: rel ? `${rel}/${e.name}` : e.name, chain: [...chain, target] });
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
