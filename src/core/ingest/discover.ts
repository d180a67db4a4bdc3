import { basename, extname, join } from 'node:path';
import { captionFor, captionIndex, fileKind, isJunkDir, skipReason } from './file-kinds';
import { siblingCaption } from './sidecars';
import type { ImportSource } from './sources';
import { walkFolder } from './walk';
import type { ZipCache } from './zip-cache';

/** Turns import sources into what to import, streamed in discovery order, one folder (or archive chunk) at a time. */

export type Found =
  | {
      type: 'picture';
      source: string;
      zipEntry: string;
      rootId: number;
      relPath: string;
      /** Linked pictures stay where they are; the others are copied into the library. */
      linked: boolean;
      caption: string | null;
    }
  | { type: 'skip'; source: string; zipEntry: string; code: string; message: string };

/** Archive members bigger than this are not extracted (zip bombs declare huge sizes). */
export const MAX_MEMBER_BYTES = 2 ** 31;
const ZIP_CHUNK = 500;

function joinRel(...parts: string[]): string {
  return parts.filter(Boolean).join('/');
}

/** A folder's pictures, then the archives it holds (unpacked into the library, as archives always are). */
async function* folderFinds(src: Extract<ImportSource, { kind: 'folder' }>, skipDir: (p: string) => boolean, zips: ZipCache): AsyncGenerator<Found[]> {
  for await (const ev of walkFolder(src.path, skipDir)) {
    if (ev.type === 'problem') {
      yield [{ type: 'skip', source: ev.problem.path, zipEntry: '', code: ev.problem.code, message: ev.problem.message }];
      continue;
    }
    const { dir, rel, files } = ev.folder;
    const captions = captionIndex(files);
    const out: Found[] = [];
    const archives: string[] = [];
    for (const name of files) {
      const kind = fileKind(name);
      const source = join(dir, name);
      if (kind === 'picture') {
        const cap = captionFor(name, captions);
        out.push({ type: 'picture', source, zipEntry: '', rootId: src.rootId, relPath: joinRel(src.relBase, rel, name), linked: src.linked, caption: cap && join(dir, cap) });
      } else if (kind === 'archive') {
        archives.push(name);
      } else if (kind !== 'caption' && kind !== 'junk') {
        out.push({ type: 'skip', source, zipEntry: '', ...skipReason(name, kind) });
      }
    }
    if (out.length) yield out;
    for (const name of archives) {
      const relBase = joinRel(src.relBase, rel, basename(name, extname(name)));
      yield* zipFinds({ kind: 'zip', path: join(dir, name), rootId: src.archiveRoot(), relBase }, zips);
    }
  }
}

function isJunkMember(name: string): boolean {
  const parts = name.split('/');
  const file = parts.pop()!;
  return parts.some((p) => isJunkDir(p) || p.startsWith('.')) || fileKind(file) === 'junk';
}

async function* zipFinds(src: Extract<ImportSource, { kind: 'zip' }>, zips: ZipCache): AsyncGenerator<Found[]> {
  let zip;
  try {
    zip = await zips.get(src.path);
  } catch (err) {
    yield [{ type: 'skip', source: src.path, zipEntry: '', code: 'ZIP_ERROR', message: `Not a readable zip archive: ${(err as Error).message}` }];
    return;
  }
  let out: Found[] = zip.problems.map((p) => ({ type: 'skip' as const, source: src.path, zipEntry: p.name, code: p.code, message: p.message }));
  const captions = captionIndex(zip.members.map((m) => m.name));
  for (const m of zip.members) {
    if (isJunkMember(m.name)) continue;
    const kind = fileKind(basename(m.name));
    if (kind === 'picture') {
      if (m.size > MAX_MEMBER_BYTES) {
        out.push({ type: 'skip', source: src.path, zipEntry: m.name, code: 'TOO_LARGE', message: `This member would unpack to ${m.size} bytes; skipped.` });
      } else {
        out.push({ type: 'picture', source: src.path, zipEntry: m.name, rootId: src.rootId, relPath: joinRel(src.relBase, m.name), linked: false, caption: captionFor(m.name, captions) });
      }
    } else if (kind !== 'caption') {
      out.push({ type: 'skip', source: src.path, zipEntry: m.name, ...skipReason(m.name, kind) });
    }
    if (out.length >= ZIP_CHUNK) {
      yield out;
      out = [];
    }
  }
  if (out.length) yield out;
}

export async function* discover(sources: ImportSource[], opts: { skipDir: (p: string) => boolean; zips: ZipCache }): AsyncGenerator<Found[]> {
  for (const src of sources) {
    switch (src.kind) {
      case 'missing':
        yield [{ type: 'skip', source: src.path, zipEntry: '', code: 'NOT_FOUND', message: src.message }];
        break;
      case 'folder':
        yield* folderFinds(src, opts.skipDir, opts.zips);
        break;
      case 'zip':
        yield* zipFinds(src, opts.zips);
        break;
      case 'file': {
        const name = basename(src.path);
        const kind = fileKind(name);
        yield kind === 'picture'
          ? [{ type: 'picture', source: src.path, zipEntry: '', rootId: src.rootId, relPath: name, linked: false, caption: siblingCaption(src.path) }]
          : [{ type: 'skip', source: src.path, zipEntry: '', ...skipReason(name, kind) }];
        break;
      }
    }
  }
}
