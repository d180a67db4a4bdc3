import { extname, basename, posix } from 'node:path';

/** What the kohya export needs to know of an item. */
export interface ExportItem {
  id: number;
  relPath: string;
  absPath: string;
  status: 'pending' | 'ready' | 'error' | 'missing';
  errorCode: string | null;
  error: string | null;
  role: 'target' | 'control';
  pairKey: string | null;
  caption: string | null;
  /** In the item's tag order. */
  tags: string[];
}

export interface PlannedCopy {
  itemId: number;
  src: string;
  /** File name in the exported folder. */
  name: string;
}

export interface PlannedImage extends PlannedCopy {
  /** Name of the caption file beside it. */
  captionName: string;
  caption: string;
  /** Its control pictures (control-pair datasets), named to match it. */
  controls: PlannedCopy[];
}

export interface Skip {
  path: string;
  code: string;
  message: string;
}

export interface KohyaPlan {
  images: PlannedImage[];
  skipped: Skip[];
}

/**
 * The caption file's text, one line (sd-scripts reads only the first line of a caption file, and refuses an empty
 * one): the caption when it has words; else the tags, in their order, joined by ", " (the form booru-tag training
 * expects, and what shuffle_caption/keep_tokens split on); else the concept name, the class token of kohya's
 * `<repeats>_<name>` convention.
 */
export function captionLine(caption: string | null, tags: readonly string[], conceptName: string): string {
  const text = (caption ?? '').replace(/\s+/g, ' ').trim();
  if (text) return text;
  const tagLine = tags.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean).join(', ');
  return tagLine || conceptName;
}

/** Gives out file names unique by stem, case-insensitively (a picture and its caption share the stem, Windows and
 * macOS folders ignore case, and musubi pairs control pictures by stem): the first keeps its name, later ones
 * get `-2`, `-3`… before the extension. */
export class NameAllocator {
  private readonly taken = new Set<string>();

  take(fileName: string): string {
    const ext = extname(fileName);
    const stem = basename(fileName, ext) || 'item';
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? stem : `${stem}-${n}`;
      const key = candidate.toLowerCase();
      if (!this.taken.has(key)) {
        this.taken.add(key);
        return candidate + ext;
      }
    }
  }
}

function stemOf(name: string): string {
  return basename(name, extname(name));
}

function skipOf(item: ExportItem): Skip {
  switch (item.status) {
    case 'error':
      return { path: item.absPath, code: item.errorCode ?? 'ITEM_ERROR', message: `Not exported: ${item.error ?? 'the file could not be read.'}` };
    case 'missing':
      return { path: item.absPath, code: 'MISSING', message: 'Not exported: the file is no longer on disk.' };
    default:
      return { path: item.absPath, code: 'NOT_READY', message: 'Not exported: the file was still being read; export again once the import has finished.' };
  }
}

/**
 * Which pictures go out under which names. Items come in any order; names are given in relative-path order so
 * that the same dataset always exports the same way. Items that are not ready are skipped with the reason.
 * With `controlPairs`, each target needs at least one ready control picture of its pair_key; controls are named
 * after their target (`a.png` → `a.jpg`, several: `a_0.jpg`, `a_1.jpg`, musubi's convention).
 */
export function planKohyaExport(items: readonly ExportItem[], opts: { conceptName: string; controlPairs: boolean }): KohyaPlan {
  const ordered = [...items].sort((a, b) => {
    const x = a.relPath.toLowerCase();
    const y = b.relPath.toLowerCase();
    return x < y ? -1 : x > y ? 1 : a.id - b.id;
  });
  const controlsByPair = new Map<string, ExportItem[]>();
  if (opts.controlPairs) {
    for (const c of ordered) {
      if (c.role !== 'control' || c.status !== 'ready' || c.pairKey === null) continue;
      const list = controlsByPair.get(c.pairKey) ?? [];
      list.push(c);
      controlsByPair.set(c.pairKey, list);
    }
  }
  const names = new NameAllocator();
  const images: PlannedImage[] = [];
  const skipped: Skip[] = [];
  for (const item of ordered) {
    if (item.role !== 'target') continue;
    if (item.status !== 'ready') {
      skipped.push(skipOf(item));
      continue;
    }
    const controls = opts.controlPairs ? (item.pairKey === null ? [] : (controlsByPair.get(item.pairKey) ?? [])) : [];
    if (opts.controlPairs && controls.length === 0) {
      skipped.push({ path: item.absPath, code: 'NO_CONTROL', message: 'Not exported: this picture has no ready control picture; pair it with one or remove it.' });
      continue;
    }
    const name = names.take(posix.basename(item.relPath.replace(/\\/g, '/')));
    const stem = stemOf(name);
    images.push({
      itemId: item.id,
      src: item.absPath,
      name,
      captionName: `${stem}.txt`,
      caption: captionLine(item.caption, item.tags, opts.conceptName),
      controls: controls.map((c, k) => ({
        itemId: c.id,
        src: c.absPath,
        name: `${controls.length === 1 ? stem : `${stem}_${k}`}${extname(c.relPath)}`,
      })),
    });
  }
  return { images, skipped };
}

/** Characters a folder name cannot hold on Windows (the strictest of the three desktops), and control characters. */
const BAD_NAME_CHARS = /[<>:"/\\|?*\u0000-\u001f]/;

/** Problems with a concept name as a folder name, or null when it is fine. */
export function conceptNameProblem(name: string): string | null {
  if (BAD_NAME_CHARS.test(name)) return 'It cannot contain < > : " / \\ | ? * or control characters.';
  if (name === '.' || name === '..' || /[. ]$/.test(name)) return 'It cannot be "." or "..", nor end with a dot or a space.';
  return null;
}

/** A usable concept name from a dataset's name (which may hold any characters). */
export function conceptNameFrom(datasetName: string): string {
  const cleaned = datasetName.replace(new RegExp(BAD_NAME_CHARS.source, 'g'), '_').replace(/[. ]+$/, '').trim();
  return cleaned || 'dataset';
}
