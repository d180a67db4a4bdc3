import { realpathSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { CoreContext } from '../app/context';

/** What an import path is, and which dataset root its pictures belong to. Folders are referenced in place
 * ('linked' root, watched) unless copied; single pictures and zip archives are copied into the library. */
export type ImportSource =
  | {
      kind: 'folder';
      path: string;
      rootId: number;
      relBase: string;
      linked: boolean;
      /** The library root, where archives found in the folder are unpacked (registered on first use). */
      archiveRoot: () => number;
    }
  | { kind: 'file'; path: string; rootId: number; relBase: string }
  | { kind: 'zip'; path: string; rootId: number; relBase: string }
  | { kind: 'missing'; path: string; message: string };

/** Where copied files of a dataset live: <dataDir>/library/<datasetId>. */
export function libraryDir(dataDir: string, datasetId: number): string {
  return join(dataDir, 'library', String(datasetId));
}

/** Resolves the paths of an import and registers the roots they need (idempotent, so a resumed job gets the same ids). */
export function resolveSources(core: CoreContext, datasetId: number, paths: string[], copy: boolean, watch: boolean): ImportSource[] {
  let library: number | null = null;
  const libraryRoot = () => (library ??= core.datasets.addRoot(datasetId, libraryDir(core.dataDir, datasetId), 'library', false));
  return paths.map((path): ImportSource => {
    let real: string;
    let isDir: boolean;
    try {
      real = realpathSync(path);
      isDir = statSync(real).isDirectory();
    } catch (err) {
      return { kind: 'missing', path, message: `Could not open it: ${(err as Error).message}` };
    }
    if (isDir) {
      return copy
        ? { kind: 'folder', path: real, rootId: libraryRoot(), relBase: basename(real), linked: false, archiveRoot: libraryRoot }
        : { kind: 'folder', path: real, rootId: core.datasets.addRoot(datasetId, real, 'linked', watch), relBase: '', linked: true, archiveRoot: libraryRoot };
    }
    if (extname(path).toLowerCase() === '.zip') return { kind: 'zip', path, rootId: libraryRoot(), relBase: basename(path, extname(path)) };
    return { kind: 'file', path, rootId: libraryRoot(), relBase: '' };
  });
}

export function linkedWatchedRoots(sources: ImportSource[], watch: boolean): number[] {
  return watch ? sources.flatMap((s) => (s.kind === 'folder' && s.linked ? [s.rootId] : [])) : [];
}
