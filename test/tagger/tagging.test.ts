import { describe, expect, it } from 'vitest';
import { createAtelier, type Atelier } from '../../src/core/app';
import { tagSelectionSchema, type TagRunInput, type TagRunResult } from '../../src/shared/contract';
import { keepScores, parseSelectedTags, prepareSelection, selectTags, taggerService } from '../../src/core/tagger';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FIXTURES, SHARED, tmpDir } from '../helpers/tmp';
import { DYNAMIC, expectedOutputs, FIXED, fixtureDataset } from './fixture-dataset';

async function tag(app: Atelier, input: TagRunInput) {
  const client = app.connect();
  const { jobId } = await client.call('tagger.run', input);
  const job = await app.jobs.wait(jobId);
  expect(job.error).toBeNull();
  expect(job.status).toBe('done');
  return { job, result: job.result as TagRunResult, client };
}

function itemTags(app: Atelier, itemId: number): { tag: string; source: string; score: number | null }[] {
  return app.db.prepare('SELECT tag, source, score FROM tags WHERE item_id = ? ORDER BY position').all(itemId) as never;
}

describe('tagging the fixture pictures', () => {
  it('matches the independent expected outputs within 0.01 with the dynamic-batch model, then skips what it scored', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory' });
    const { datasetId, ids } = fixtureDataset(app);
    const { result, job } = await tag(app, { datasetId, model: DYNAMIC, batch: 4, provider: 'cpu', selection: { general: 0.5, character: 0.9 } });
    expect(result.provider).toBe('cpu');
    expect(result.fallbackReason).toBeNull();
    expect(result.scored).toBe(ids.size);
    expect(result.failed).toBe(0);
    expect(result.batch).toBe(4);
    expect(job.total).toBe(ids.size);

    const svc = taggerService(app);
    const expected = expectedOutputs();
    const vocab = parseSelectedTags(readFileSync(join(DYNAMIC, 'selected_tags.csv'), 'utf8'));
    const selection = prepareSelection(vocab, tagSelectionSchema.parse({ general: 0.5, character: 0.9 }));
    let worst = 0;
    for (const [rel, itemId] of ids) {
      const want = expected[rel]!;
      expect(want, rel).toBeDefined();
      const stored = svc.scores.itemScores(itemId);
      expect(stored).toHaveLength(1);
      const got = new Map([...stored[0]!.scores.idx].map((i, k) => [i, stored[0]!.scores.score[k]!]));
      want.forEach((p, i) => {
        const s = got.get(i);
        if (s === undefined) expect(p, `${rel} #${i} was not stored`).toBeLessThanOrEqual(0.03);
        else {
          worst = Math.max(worst, Math.abs(s - p));
          expect(Math.abs(s - p), `${rel} #${i}`).toBeLessThanOrEqual(0.01);
        }
      });
      // The tags written are the selection of the expected probabilities (away from the thresholds).
      const mine = itemTags(app, itemId);
      const ref = selectTags(selection, keepScores(want, vocab));
      const clear = ref.filter((t) => Math.abs(t.score - 0.5) > 0.01 && Math.abs(t.score - 0.9) > 0.01).map((t) => t.tag);
      for (const t of clear) expect(mine.map((m) => m.tag), rel).toContain(t);
      expect(mine.every((m) => m.source === result.modelId && m.score !== null)).toBe(true);
    }
    console.log(`worst probability difference: ${worst.toFixed(5)}`);

    const again = await tag(app, { datasetId, model: DYNAMIC, provider: 'cpu' });
    expect(again.result.scored).toBe(0);
    expect(again.result.skipped).toBe(ids.size);
    await app.close();
  });

  it('tags correctly with the fixed-batch model (one picture per run)', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory' });
    const rels = ['anime/renpy_lucy_mad.png', 'faces/mpl_grace_hopper.jpg', 'negatives/skimage_coffee.png'];
    const { datasetId, ids } = fixtureDataset(app, 'Fixed', rels);
    const { result } = await tag(app, { datasetId, model: FIXED, batch: 8, provider: 'cpu' });
    expect(result.scored).toBe(3);
    expect(result.batch).toBe(1);
    // Its weights differ from the dynamic model's: expected outputs from the same independent reference.
    const dir = tmpDir();
    for (const rel of rels) {
      mkdirSync(join(dir, 'img', dirname(rel)), { recursive: true });
      symlinkSync(join(FIXTURES, rel), join(dir, 'img', rel));
    }
    execFileSync('/usr/bin/python3', [join(SHARED, 'reference', 'expected_tagger_outputs.py'), FIXED, join(dir, 'img'), join(dir, 'out.json')]);
    const expected = (JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { images: Record<string, number[]> }).images;
    const svc = taggerService(app);
    for (const [rel, itemId] of ids) {
      const s = svc.scores.itemScores(itemId)[0]!.scores;
      [...s.idx].forEach((i, k) => expect(Math.abs(s.score[k]! - expected[rel]![i]!), `${rel} #${i}`).toBeLessThanOrEqual(0.01));
    }
    await app.close();
  });

  it('reports the fallback when a GPU provider cannot start, and records unreadable pictures without stopping', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory' });
    const { datasetId } = fixtureDataset(app, 'Fallback', ['negatives/skimage_chelsea_cat.png']);
    app.db.prepare(`INSERT INTO items (dataset_id, rel_path, abs_path, status, media) VALUES (?, 'gone.png', ?, 'ready', 'image')`).run(datasetId, join(tmpDir(), 'gone.png'));
    const { result, job, client } = await tag(app, { datasetId, model: DYNAMIC, provider: 'cuda' });
    expect(result.requested).toBe('cuda');
    expect(result.provider).toBe('cpu');
    expect(result.fallbackReason).toMatch(/CUDA/);
    expect(result.warning).toBe(result.fallbackReason);
    expect(result.scored).toBe(1);
    expect(result.failed).toBe(1);
    expect(job.errorCount).toBe(1);
    const errs = await client.call('jobs.errors', { jobId: job.id });
    expect(errs.errors[0]!.path).toMatch(/gone\.png$/);
    await app.close();
  });
});
