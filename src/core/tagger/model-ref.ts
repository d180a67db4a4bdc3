import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { AppError } from '../../shared/errors';

/** A tagger model on disk: the id its scores are stored under, and its folder. */
export interface ModelRef {
  id: string;
  /** For people: the catalog name, or the folder's name. */
  name: string;
  dir: string;
  /** The model's recommended thresholds, when known (catalog models). */
  thresholds: { general: number; character: number } | null;
}

export const MODEL_FILE = 'model.onnx';
export const TAGS_FILE = 'selected_tags.csv';

/** Checks that a folder holds a WD-style model. */
export function assertModelDir(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new AppError('NOT_FOUND', `There is no model folder at ${dir}.`);
  for (const f of [MODEL_FILE, TAGS_FILE]) {
    if (!existsSync(join(dir, f))) throw new AppError('NOT_FOUND', `The model folder ${dir} has no ${f}; a WD tagger folder holds ${MODEL_FILE} and ${TAGS_FILE}.`);
  }
}

/** A folder given by path (not registered as a model): its id is stable for that path. */
export function folderModelRef(dir: string): ModelRef {
  const abs = resolve(dir);
  assertModelDir(abs);
  const id = `dir-${createHash('sha256').update(abs).digest('hex').slice(0, 12)}`;
  return { id, name: basename(abs), dir: abs, thresholds: null };
}

export function looksLikePath(spec: string): boolean {
  return /[\\/]/.test(spec) || spec.startsWith('.') || existsSync(spec);
}
