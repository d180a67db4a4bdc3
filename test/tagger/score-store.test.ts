import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAtelier, DB_FILE, type Atelier } from '../../src/core/app';
import { openDb } from '../../src/core/store';
import { keepScores, ScoreStore, taggerService, type Vocab } from '../../src/core/tagger';
import { tmpDir } from '../helpers/tmp';

const v: Vocab = { names: ['general', 'long_hair', 'hat'], codes: Uint8Array.from([9, 0, 0]), postCounts: Int32Array.from([3, 2, 1]) };

function twoDatasets(dataDir = tmpDir()): { app: Atelier; a: number[]; b: number[] } {
  const app = createAtelier({ dataDir, host: 'memory', startJobs: false });
  const put = app.db.prepare(`INSERT INTO items (dataset_id, rel_path, abs_path, status) VALUES (?, ?, ?, 'ready')`);
  const items = (name: string) => {
    const d = app.datasets.create(name, 'image');
    return [0, 1, 2].map((i) => Number(put.run(d.id, `${i}.png`, `/x/${name}/${i}.png`).lastInsertRowid));
  };
  const a = items('A');
  const b = items('B');
  const svc = taggerService(app);
  svc.scores.registerModel('m', v);
  svc.scores.putScores('m', [...a, ...b].map((itemId) => ({ itemId, scores: keepScores([0.9, 0.8, 0.1], v) })));
  return { app, a, b };
}

const datasetOf = (app: Atelier, item: number) => app.items.datasetOf(item);

describe('stored scores', () => {
  it('are seen at once when another process writes them (atelier tag while serve runs)', async () => {
    const dir = tmpDir();
    const { app, a } = twoDatasets(dir);
    const svc = taggerService(app);
    const ds = datasetOf(app, a[0]!);
    await app.connect().call('tagger.apply', { datasetId: ds, modelId: 'm', selection: { general: 0.5 } });
    expect(svc.scores.datasetScores(ds, 'm').items.get(a[0]!)!.score[1]).toBeCloseTo(0.8);
    // Another connection to the same file, as a second process would have.
    const other = openDb(join(dir, DB_FILE), []);
    new ScoreStore(other).putScores('m', [{ itemId: a[0]!, scores: keepScores([0.9, 0.1, 0.7], v) }]);
    other.close();
    expect([...svc.scores.datasetScores(ds, 'm').items.get(a[0]!)!.idx]).toEqual([0, 2, 1]);
    // …and the next apply slices the new scores.
    await app.connect().call('tagger.apply', { datasetId: ds, modelId: 'm', selection: { general: 0.5 } });
    expect(app.db.prepare('SELECT tag FROM tags WHERE item_id = ?').pluck().all(a[0]!)).toEqual(['hat']);
    await app.close();
  });

  it("adds new scores to the cached entry of the items' own dataset only", async () => {
    const { app, a, b } = twoDatasets();
    const svc = taggerService(app);
    const [da, db] = [datasetOf(app, a[0]!), datasetOf(app, b[0]!)];
    const before = svc.scores.datasetScores(db, 'm');
    svc.scores.datasetScores(da, 'm');
    const fresh = keepScores([0.2, 0.3, 0.95], v);
    svc.scores.putScores('m', [{ itemId: a[1]!, scores: fresh }]);
    expect(svc.scores.datasetScores(da, 'm').items.get(a[1]!)).toBe(fresh);
    const after = svc.scores.datasetScores(db, 'm');
    // The other dataset's entry is still current (no reload) and holds none of A's items.
    expect(after).toBe(before);
    expect([...after.items.keys()].sort()).toEqual([...b].sort());
    await app.close();
  });

  it('keeps at most the configured bytes of decoded scores, always the last dataset read', async () => {
    const { app, a, b } = twoDatasets();
    const [da, db] = [datasetOf(app, a[0]!), datasetOf(app, b[0]!)];
    const small = new ScoreStore(app.db, { cacheBytes: 1 });
    const first = small.datasetScores(da, 'm');
    expect(small.datasetScores(da, 'm')).toBe(first);
    small.datasetScores(db, 'm');
    const bytesOfOne = small.cacheBytes();
    // A was dropped for B: reading it again decodes it afresh.
    expect(small.datasetScores(da, 'm')).not.toBe(first);
    expect(small.cacheBytes()).toBe(bytesOfOne);
    const roomy = new ScoreStore(app.db);
    const kept = roomy.datasetScores(da, 'm');
    roomy.datasetScores(db, 'm');
    expect(roomy.datasetScores(da, 'm')).toBe(kept);
    expect(roomy.cacheBytes()).toBe(2 * bytesOfOne);
    await app.close();
  });
});
