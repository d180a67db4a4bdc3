import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAtelier, type Atelier } from '../../src/core/app';
import { parsePreprocessConfig, resizedSize, toInputTensor } from '../../src/core/tagger/preprocess-config';
import { taggerService } from '../../src/core/tagger';
import { tagRunResultSchema, type Job } from '../../src/shared/contract';
import { tinyImageModel } from '../models/tiny-image-model';
import { FIXTURES, tmpDir } from '../helpers/tmp';
import { fixtureDataset } from './fixture-dataset';

const SIZE = 64;
/** What deepghs ships for its Camie and PixAI exports, as imgutils reads it (sizes scaled down for the test). */
const IMGUTILS_CONFIG = {
  stages: [
    { type: 'convert_rgb', force_background: 'white' },
    { type: 'resize', size: SIZE, interpolation: 'bicubic', max_size: null, antialias: true },
    { type: 'center_crop', size: [SIZE, SIZE] },
    { type: 'maybe_to_tensor' },
    { type: 'normalize', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
  ],
};
const PICTURES = ['anime/renpy_lucy_mad.png', 'faces/mpl_grace_hopper.jpg', 'faces/skimage_astronaut.png', 'faces/vladfaceapi_sample2.jpg'];

/** A model folder: the tiny position- and channel-sensitive model, its 12 "tags" and a preprocess.json. */
function modelFolder(layout: 'NCHW' | 'NHWC', config: object): string {
  const dir = join(tmpDir(), `tiny-${layout}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.onnx'), tinyImageModel(SIZE, layout));
  const rows = Array.from({ length: 12 }, (_, i) => `${i},${'rgb'[i >> 2]}_quarter_${i & 3},0,${100 - i}`);
  writeFileSync(join(dir, 'selected_tags.csv'), ['tag_id,name,category,count', ...rows].join('\n'));
  writeFileSync(join(dir, 'preprocess.json'), JSON.stringify(config));
  return dir;
}

/** Tags the dataset with the folder's model; each item's 12 outputs by output index. */
async function tagWith(app: Atelier, datasetId: number, ids: Map<string, number>, model: string): Promise<Map<string, number[]>> {
  const client = app.connect();
  const { jobId } = await client.call('tagger.run', { datasetId, model, provider: 'cpu' });
  const job = await new Promise<Job>((resolve) => {
    const check = (j: Job) => j.id === jobId && ['done', 'failed', 'cancelled'].includes(j.status) && resolve(j);
    client.on('job.updated', check);
    void client.call('jobs.list', {}).then((list) => list.forEach(check));
  });
  expect(job.status, job.error?.message).toBe('done');
  const result = tagRunResultSchema.parse(job.result);
  expect(result.scored).toBe(ids.size);
  const out = new Map<string, number[]>();
  for (const [rel, id] of ids) {
    const s = taggerService(app).scores.itemScores(id).find((x) => x.modelId === result.modelId)!.scores;
    const row: number[] = [];
    s.idx.forEach((i, k) => (row[i] = s.score[k]!));
    out.set(rel, row);
  }
  return out;
}

describe('preprocessing read from a model folder’s config (Camie, PixAI)', () => {
  it('reads imgutils’ stages: size, resize mode, crop, scaling, mean and std; refuses what it cannot honour', () => {
    const r = parsePreprocessConfig(JSON.stringify(IMGUTILS_CONFIG));
    expect(r).toMatchObject({ background: 'white', crop: [SIZE, SIZE], mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], channelOrder: 'RGB', layout: null, height: SIZE, width: SIZE });
    expect(r.resize).toEqual({ size: SIZE, maxSize: null, kernel: 'cubic' });
    expect(r.scale).toBeCloseTo(1 / 255, 9);
    const exact = parsePreprocessConfig(JSON.stringify({ stages: [{ type: 'resize', size: [32, 48], interpolation: 'lanczos' }, { type: 'to_tensor' }, { type: 'normalize', mean: 0.5, std: 0.25 }], channel_order: 'BGR', layout: 'NHWC' }));
    expect(exact).toMatchObject({ height: 32, width: 48, crop: null, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], channelOrder: 'BGR', layout: 'NHWC' });
    // The shorter side becomes the size, truncated as int() does; max_size caps the longer one.
    expect(resizedSize(1000, 600, { size: 448, maxSize: null, kernel: 'cubic' })).toEqual([746, 448]);
    expect(resizedSize(600, 1000, { size: 448, maxSize: 600, kernel: 'cubic' })).toEqual([360, 600]);
    expect(() => parsePreprocessConfig('{"stages": [{"type": "resize", "size": 448}, {"type": "to_tensor"}]}')).toThrow(/different sizes/);
    expect(() => parsePreprocessConfig('{"stages": [{"type": "sharpen"}]}')).toThrow(/does not know the preprocessing step "sharpen"/);
    expect(() => parsePreprocessConfig('{"stages": [{"type": "to_tensor"}, {"type": "center_crop", "size": 4}]}')).toThrow(/after to_tensor/);
    expect(() => parsePreprocessConfig('not json')).toThrow(/not JSON/);
  });

  it('lays out one picture channels first or last, in the order asked, scaled and normalised', () => {
    // 2×1 picture: (10, 20, 30) and (40, 50, 60).
    const rgb = Uint8Array.from([10, 20, 30, 40, 50, 60]);
    const r = { ...parsePreprocessConfig(JSON.stringify({ stages: [{ type: 'resize', size: [1, 2] }, { type: 'to_tensor' }, { type: 'normalize', mean: [0, 0.5, 1], std: [1, 2, 4] }] })) };
    const v = (x: number, c: number) => (x / 255 - r.mean[c]!) / r.std[c]!;
    const chw = toInputTensor(rgb, 2, 1, r, 'NCHW');
    [v(10, 0), v(40, 0), v(20, 1), v(50, 1), v(30, 2), v(60, 2)].forEach((x, i) => expect(chw[i]).toBeCloseTo(x, 6));
    const hwcBgr = toInputTensor(rgb, 2, 1, { ...r, channelOrder: 'BGR' }, 'NHWC');
    // BGR: the first channel is blue, normalised with the first channel's mean and std.
    [(30 / 255 - 0) / 1, (20 / 255 - 0.5) / 2, (10 / 255 - 1) / 4].forEach((x, i) => expect(hwcBgr[i]).toBeCloseTo(x, 6));
  });

  it('tags with a model whose folder ships preprocess.json, matching an independent PIL implementation within 0.01', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory' });
    const { datasetId, ids } = fixtureDataset(app, 'Config', PICTURES);
    const folder = modelFolder('NCHW', IMGUTILS_CONFIG);
    const list = await app.connect().call('models.addLocal', { path: folder });
    expect(list.preprocess).toEqual({ kind: 'config', file: 'preprocess.json' });
    const got = await tagWith(app, datasetId, ids, folder);

    const out = join(tmpDir(), 'ref.json');
    execFileSync('/usr/bin/python3', [join(__dirname, 'config_preprocess_ref.py'), join(folder, 'preprocess.json'), out, ...PICTURES.map((p) => join(FIXTURES, p))]);
    const ref = JSON.parse(readFileSync(out, 'utf8')) as Record<string, number[]>;
    for (const rel of PICTURES) {
      const want = ref[join(FIXTURES, rel)]!;
      expect(got.get(rel)!.length).toBe(12);
      got.get(rel)!.forEach((x, i) => expect(Math.abs(x - want[i]!), `${rel} output ${i}: ${x} vs ${want[i]}`).toBeLessThanOrEqual(0.01));
    }

    // The same recipe for a channels-last model, blue first: the same numbers, channels swapped.
    const bgr = modelFolder('NHWC', { ...IMGUTILS_CONFIG, channel_order: 'BGR' });
    const swapped = await tagWith(app, datasetId, ids, bgr);
    for (const rel of PICTURES) {
      const a = got.get(rel)!;
      const b = swapped.get(rel)!;
      for (let q = 0; q < 4; q++) {
        expect(b[q]).toBeCloseTo(a[8 + q]!, 5);
        expect(b[4 + q]).toBeCloseTo(a[4 + q]!, 5);
        expect(b[8 + q]).toBeCloseTo(a[q]!, 5);
      }
    }
    await app.close();
  });

  it('says why a config that does not fit its model cannot be used, when the run is asked for', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory' });
    const { datasetId } = fixtureDataset(app, 'Bad', PICTURES.slice(0, 1));
    const folder = modelFolder('NCHW', { stages: [{ type: 'sharpen' }] });
    await expect(app.connect().call('tagger.run', { datasetId, model: folder })).rejects.toMatchObject({ code: 'UNSUPPORTED', message: /sharpen/ });
    await app.close();
  });
});
