import { existsSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Left in every folder an export writes, so that exporting again may replace the folder, and nothing else. */
export const EXPORT_MARKER = '.atelier-export.json';

/** Why `dir` cannot be replaced by an export, or null (absent, or written by an earlier export). */
export function replaceProblem(dir: string): string | null {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    return null;
  }
  if (!isDir) return `${dir} exists and is not a folder; move it away or choose another concept name.`;
  if (!existsSync(join(dir, EXPORT_MARKER))) {
    return `${dir} already exists and was not written by an Atelier export; choose another folder or concept name, or move it away.`;
  }
  return null;
}

export interface Move {
  from: string;
  to: string;
}

/**
 * Renames each staged path into place (same file system, so each rename is atomic), moving what was there into
 * `trash` first. If any step fails, what was already moved goes back, so the destination is either the old
 * state or the new one, never a mix.
 */
export async function commitStaged(moves: readonly Move[], trash: string): Promise<void> {
  await mkdir(trash, { recursive: true });
  const done: (Move & { old: string | null })[] = [];
  try {
    for (const [k, m] of moves.entries()) {
      let old: string | null = null;
      if (existsSync(m.to)) {
        old = join(trash, String(k));
        await rename(m.to, old);
      }
      try {
        await rename(m.from, m.to);
      } catch (err) {
        if (old) await rename(old, m.to);
        throw err;
      }
      done.push({ ...m, old });
    }
  } catch (err) {
    for (const d of done.reverse()) {
      await rename(d.to, d.from).catch(() => undefined);
      if (d.old) await rename(d.old, d.to).catch(() => undefined);
    }
    throw err;
  }
}

/** Removes a staging folder; a leftover (a crash) is harmless and is removed by the next run of the same job. */
export async function removeStaging(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}
