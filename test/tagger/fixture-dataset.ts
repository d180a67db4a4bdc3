import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAtelier, type Atelier } from '../../src/core/app';
import { keepScores, parseSelectedTags, taggerService } from '../../src/core/tagger';
import { FIXTURES, SHARED, tmpDir } from '../helpers/tmp';

export const TAGGER_MODELS = join(SHARED, 'models', 'tagger-test');
export const DYNAMIC = join(TAGGER_MODELS, 'wd-test-dynamic');
export const FIXED = join(TAGGER_MODELS, 'wd-test-fixed-batch');

/** expected-outputs.json: each fixture picture's probabilities (one per CSV row) from an independent
 * implementation of the reference preprocessing and model. */
export function expectedOutputs(): Record<string, number[]> {
  return (JSON.parse(readFileSync(join(DYNAMIC, 'expected-outputs.json'), 'utf8')) as { images: Record<string, number[]> }).images;
}

export function fixturePictures(): string[] {
  const out: string[] = [];
  for (const d of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    for (const f of readdirSync(join(FIXTURES, d.name))) if (/\.(png|jpe?g|webp)$/i.test(f)) out.push(`${d.name}/${f}`);
  }
  return out.sort();
}

/** A dataset holding the fixture pictures in place, as ingest would record them (written directly, so these
 * tests do not depend on the importer). Returns the dataset id and item id per relative path. */
export function fixtureDataset(app: Atelier, name = 'Fixtures', rels = fixturePictures()): { datasetId: number; ids: Map<string, number> } {
  const d = app.datasets.create(name, 'image');
  const put = app.db.prepare(`INSERT INTO items (dataset_id, rel_path, abs_path, status, media) VALUES (?, ?, ?, 'ready', 'image')`);
  const ids = new Map<string, number>();
  for (const rel of rels) ids.set(rel, Number(put.run(d.id, rel, join(FIXTURES, rel)).lastInsertRowid));
  return { datasetId: d.id, ids };
}

/** The model id the scored fixture dataset's scores are stored under. */
export const SCORED_MODEL = 'wd-test';

/** The fixture dataset with the expected outputs stored as SCORED_MODEL's scores (no inference needed). */
export function scoredDataset(): { app: Atelier; datasetId: number; ids: Map<string, number> } {
  const app = createAtelier({ dataDir: tmpDir(), host: 'memory' });
  const { datasetId, ids } = fixtureDataset(app);
  const svc = taggerService(app);
  const vocab = parseSelectedTags(readFileSync(join(DYNAMIC, 'selected_tags.csv'), 'utf8'));
  svc.scores.registerModel(SCORED_MODEL, vocab);
  const expected = expectedOutputs();
  svc.scores.putScores(SCORED_MODEL, [...ids].map(([rel, itemId]) => ({ itemId, scores: keepScores(expected[rel]!, vocab) })));
  return { app, datasetId, ids };
}
