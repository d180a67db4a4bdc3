import { copyFileSync, existsSync, linkSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { ItemSummary } from '../../../shared/contract';
import type { KohyaPlan } from '../../export';
import { safetensorsComplete } from '../supervisor/artifacts';
import type { RunStep } from '../supervisor/types';
import { fingerprint } from './cache-key';

/** What the files of a musubi-tuner cache folder are made from, written into the folder by each run that uses it
 * (a plan file). A folder holds one item set under one set of settings, so a finished cache step stays valid for as
 * long as the folder exists; a new item set gets a new folder, into which the files of unchanged items are linked
 * from folders with the same settings before caching (which then encodes only the rest, with --skip_existing). */
export interface CacheManifest {
  /** Everything that changes the tensors, whatever the items: the model, the values the cache commands get (model
   * files by size and date), the dataset settings that shape the pictures (resolution, buckets, frames). */
  settings: string;
  /** Per exported file stem (musubi names its cache files after it): a hash of what its latents are made from,
   * and of what its text-encoder outputs are made from. */
  latents: Record<string, string>;
  text: Record<string, string>;
  /** A video dataset (its latent file names carry the frame range). */
  video: boolean;
}

export const CACHE_MANIFEST = 'atelier-cache.json';
/** Cache folders kept per model type besides those of unfinished runs (the least recently used go first). */
export const CACHE_FOLDERS_KEPT = 4;

/** Per exported stem, what its cached tensors are made from: the picture (or video) and its control pictures for
 * the latents; the caption as exported for the text encoder, with the control pictures, which Qwen-Image-Edit's
 * vision-language encoder reads too. */
export function cachedItemInputs(exported: KohyaPlan['images'], items: readonly ItemSummary[]): Pick<CacheManifest, 'latents' | 'text'> {
  const byId = new Map(items.map((i) => [i.id, i]));
  const content = (id: number) => {
    const i = byId.get(id);
    return i?.sha256 ?? `${i?.absPath}|${i?.byteSize}|${i?.mtimeMs}`;
  };
  const latents: Record<string, string> = {};
  const text: Record<string, string> = {};
  for (const e of exported) {
    const stem = basename(e.name, extname(e.name));
    const controls = e.controls.map((c) => content(c.itemId));
    latents[stem] = fingerprint([content(e.itemId), ...controls]);
    text[stem] = fingerprint([e.caption, ...controls]);
  }
  return { latents, text };
}

/** Where the cache folders are: `<root>/<model type>/<settings>-<items>/`. */
export function cacheRoot(dataDir: string): string {
  return join(dataDir, 'training', 'cache');
}

export function cacheFolder(dataDir: string, modelType: string, m: CacheManifest): string {
  return join(cacheRoot(dataDir), modelType, `${m.settings.slice(0, 16)}-${fingerprint({ latents: m.latents, text: m.text }).slice(0, 16)}`);
}

function readManifest(dir: string): CacheManifest | null {
  try {
    return JSON.parse(readFileSync(join(dir, CACHE_MANIFEST), 'utf8')) as CacheManifest;
  } catch {
    return null;
  }
}

/** The stem a musubi-tuner cache file belongs to (dataset/image_video_dataset.py at the pinned commit): latents
 * `<stem>_<W>x<H>_<arch>.safetensors` (videos: `<stem>_<frame>-<count>[-<section>]_<W>x<H>_<arch>.safetensors`),
 * text-encoder outputs `<stem>_<arch>_te.safetensors`; null for any other file. */
export function cacheFileStem(kind: 'latents' | 'text', file: string, video: boolean): string | null {
  const suffix = kind === 'text' ? /_[a-z0-9]+_te\.safetensors$/ : video ? /_\d+-\d+(?:-\d+)?_\d+x\d+_[a-z0-9]+\.safetensors$/ : /_\d+x\d+_[a-z0-9]+\.safetensors$/;
  if (kind === 'latents' && file.endsWith('_te.safetensors')) return null;
  const m = suffix.exec(file);
  return m && m.index > 0 ? file.slice(0, m.index) : null;
}

/** A folder's cache files of one kind, by stem. */
function filesByStem(dir: string, kind: 'latents' | 'text', video: boolean): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of readdirSync(dir)) {
    const stem = cacheFileStem(kind, f, video);
    if (stem !== null) out.set(stem, [...(out.get(stem) ?? []), f]);
  }
  return out;
}

const stepKind = (step: RunStep): 'latents' | 'text' | null =>
  step.name === 'cache_latents' ? 'latents' : step.name === 'cache_text_encoder_outputs' ? 'text' : null;

/** Whether a cache step's folder holds its files for every item its manifest names. The manifest alone says
 * nothing: each run writes it before its first step, into a folder that may have been emptied or evicted since. */
export function cacheFilesPresent(step: RunStep): boolean {
  const kind = stepKind(step);
  const want = step.cacheDir ? readManifest(step.cacheDir) : null;
  if (!kind || !want) return false;
  const have = filesByStem(step.cacheDir!, kind, want.video);
  return Object.keys(want[kind]).every((stem) => have.has(stem));
}

/** Right before a cache step: removes the cache files of its folder that were cut short (a cache step killed, out of
 * memory or by a crash, mid-file), which the engine's --skip_existing would otherwise keep for good. Returns them. */
export function dropIncompleteCacheFiles(step: RunStep): string[] {
  const dir = step.cacheDir;
  if (!dir || !existsSync(dir)) return [];
  const cut = readdirSync(dir)
    .filter((f) => f.endsWith('.safetensors'))
    .map((f) => join(dir, f))
    .filter((f) => !safetensorsComplete(f));
  for (const f of cut) rmSync(f, { force: true });
  return cut;
}

/** Right before a cache step: links into its folder, for each item whose inputs equal those a folder with the same
 * settings recorded, that folder's files of the item (copies where links are not possible), if they are whole.
 * Returns how many items were brought in. Files are only ever added, for items the folder has none of. */
export function reuseCachedItems(step: RunStep): number {
  const kind = stepKind(step);
  const dir = step.cacheDir;
  const want = dir ? readManifest(dir) : null;
  if (!kind || !dir || !want) return 0;
  const have = filesByStem(dir, kind, want.video);
  const missing = new Map(Object.entries(want[kind]).filter(([stem]) => !have.has(stem)));
  let brought = 0;
  for (const sibling of readdirSync(dirname(dir))) {
    const from = join(dirname(dir), sibling);
    if (!missing.size) break;
    if (from === dir) continue;
    const m = readManifest(from);
    if (!m || m.settings !== want.settings) continue;
    const files = filesByStem(from, kind, want.video);
    for (const [stem, hash] of [...missing]) {
      const found = m[kind][stem] === hash ? files.get(stem) : undefined;
      if (!found || !found.every((f) => safetensorsComplete(join(from, f)))) continue;
      for (const f of found) linkOrCopy(join(from, f), join(dir, f));
      missing.delete(stem);
      brought++;
    }
  }
  return brought;
}

function linkOrCopy(from: string, to: string): void {
  if (existsSync(to)) return;
  try {
    linkSync(from, to);
  } catch {
    // Under another name until whole: a copy cut short must not pass for a cache file.
    const part = `${to}.${process.pid}.part`;
    copyFileSync(from, part);
    renameSync(part, to);
  }
}

/** Removes the least recently used cache folders of each model type beyond `keep`, never one in `inUse` (the
 * folders of queued, running and resumable runs). A run whose folder went re-creates it. Returns the folders
 * removed. */
export function evictCacheFolders(cacheRoot: string, inUse: ReadonlySet<string>, keep = CACHE_FOLDERS_KEPT): string[] {
  if (!existsSync(cacheRoot)) return [];
  const removed: string[] = [];
  for (const model of readdirSync(cacheRoot)) {
    const root = join(cacheRoot, model);
    if (!statSync(root).isDirectory()) continue;
    // A run writes the manifest when it starts, so its date is the folder's last use.
    const used = (d: string) => statSync(existsSync(join(d, CACHE_MANIFEST)) ? join(d, CACHE_MANIFEST) : d).mtimeMs;
    const folders = readdirSync(root)
      .map((n) => join(root, n))
      .filter((d) => statSync(d).isDirectory() && !inUse.has(d))
      .sort((a, b) => used(b) - used(a));
    for (const d of folders.slice(keep)) {
      try {
        rmSync(d, { recursive: true, force: true });
        removed.push(d);
      } catch {
        // In use by a program outside Atelier, or not ours to remove: tried again at the next run.
      }
    }
  }
  return removed;
}
