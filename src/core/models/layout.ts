import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Written in a downloaded model's folder as its files complete; `complete` once all are verified. */
export interface ModelManifest {
  id: string;
  repo: string;
  /** The revision the catalog asked for (a commit or a branch). */
  requestedRevision: string;
  /** The commit the files came from, when known; later files of the same download use it. */
  revision: string | null;
  complete: boolean;
  files: { name: string; bytes: number; sha256: string }[];
  updatedAt: string;
}

export const MANIFEST_FILE = 'atelier-model.json';

export function modelsRoot(dataDir: string): string {
  return join(dataDir, 'models');
}

/** Downloaded catalog models live in <dataDir>/models/<id>/. */
export function catalogModelDir(dataDir: string, id: string): string {
  return join(modelsRoot(dataDir), id);
}

export function readManifest(dir: string): ModelManifest | null {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as ModelManifest;
  } catch {
    return null;
  }
}

export function writeManifest(dir: string, m: ModelManifest): void {
  const tmp = join(dir, `${MANIFEST_FILE}.tmp`);
  writeFileSync(tmp, JSON.stringify(m, null, 2));
  renameSync(tmp, join(dir, MANIFEST_FILE));
}

/** Bytes of every file under a folder (0 if it does not exist). */
export function dirSize(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += dirSize(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

export function fileSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}
