import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Preprocess } from '../../shared/contract';
import { AppError, isAppError } from '../../shared/errors';
import { openModelSession } from '../inference';

/** The files a tagger folder holds (the WD layout), and the preprocessing config Camie and PixAI folders add. */
export const MODEL_FILE = 'model.onnx';
export const TAGS_FILE = 'selected_tags.csv';
export const PREPROCESS_FILE = 'preprocess.json';

/** How a model folder's pictures are prepared: by its own preprocess.json when it has one, else the WD recipe. */
export function folderPreprocess(dir: string): Preprocess {
  return existsSync(join(dir, PREPROCESS_FILE)) ? { kind: 'config', file: PREPROCESS_FILE } : { kind: 'wd' };
}

export interface ModelFolderCheck {
  tagRows: number;
  outputSize: number | null;
  batch: 'dynamic' | number;
  inputSize: { width: number; height: number };
}

/** Rows of a WD-style tag CSV after checking its header names the columns taggers read. Pure. */
export function countTagRows(csv: string, file: string): number {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((c) => c.trim().toLowerCase());
  if (!header.includes('name') || !header.includes('category')) {
    throw new AppError('INVALID_INPUT', `${file} does not start with a header naming "name" and "category" columns (found "${lines[0] ?? ''}").`);
  }
  return lines.length - 1;
}

/** Checks that a folder is a usable tagger: both files present, the CSV well formed, the model loadable
 * with a picture input, and as many outputs as the CSV has tags. */
export async function checkModelFolder(dir: string): Promise<ModelFolderCheck> {
  if (!existsSync(dir)) throw new AppError('NOT_FOUND', `The folder ${dir} does not exist.`);
  if (!statSync(dir).isDirectory()) throw new AppError('INVALID_INPUT', `${dir} is a file; choose the folder that holds ${MODEL_FILE} and ${TAGS_FILE}.`);
  const missing = [MODEL_FILE, TAGS_FILE].filter((f) => !existsSync(join(dir, f)));
  if (missing.length) {
    throw new AppError('INVALID_INPUT', `The folder ${dir} has no ${missing.join(' or ')}: a tagger folder holds ${MODEL_FILE} and ${TAGS_FILE}.`);
  }
  const tagRows = countTagRows(readFileSync(join(dir, TAGS_FILE), 'utf8'), TAGS_FILE);
  let s;
  try {
    s = await openModelSession(dir, { provider: 'cpu', verify: false });
  } catch (err) {
    if (isAppError(err, 'ENGINE')) throw new AppError('INVALID_INPUT', err.message, err.details);
    throw err;
  }
  try {
    if (s.outputSize !== null && s.outputSize !== tagRows) {
      throw new AppError(
        'INVALID_INPUT',
        `${MODEL_FILE} gives ${s.outputSize} scores per picture but ${TAGS_FILE} lists ${tagRows} tags: they do not belong together.`,
      );
    }
    return { tagRows, outputSize: s.outputSize, batch: s.batch, inputSize: s.inputSize };
  } finally {
    await s.close();
  }
}
