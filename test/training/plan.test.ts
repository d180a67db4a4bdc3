// The planner for every registered model type: exact argv, the dataset TOML parsed back and checked against the
// engine's schema rules, and then every planned command run for real with the stand-in engine (which parses exactly
// the pinned engines' flags and validates the TOML as they do), so a plan that the engine would reject fails here.
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import type { Dataset, ItemSummary } from '../../src/shared/contract';
import { cacheFileStem, CACHE_MANIFEST, evictCacheFolders, launchPreflight, planFor as planFromDb, planRun, prepareLaunch, reuseCachedItems, runExport, TENSORBOARD_FLUSH_SECS, type CacheManifest } from '../../src/core/training/plan';
import { planKohyaExport, type ExportItem } from '../../src/core/export';
import { TrainingSettings } from '../../src/core/training/engines-setup';
import { openSupervisor } from './supervisor-harness';
import { safetensorsComplete } from '../../src/core/training/supervisor/artifacts';
import { createAtelier } from '../../src/core/app';
import { getModel, MODELS, modelParams, resolveValues, type ModelSpec } from '../../src/core/training/registry';
import { FIXTURES, REPO, tmpDir } from '../helpers/tmp';

const STANDIN = join(REPO, 'engines', 'standin');
const PYTHON = join(STANDIN, 'bin', 'python');
const enginePath = (spec: ModelSpec) => join(STANDIN, spec.engine);
// The stand-in's bin/python runs `python3` from PATH; resolving it once skips version-manager shims per process.
const REAL_PYTHON_DIR = dirname(execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim());
const STEP_ENV = { ...process.env, PATH: `${REAL_PYTHON_DIR}${delimiter}${process.env.PATH ?? ''}`, STANDIN_STEP_MS: '1', STANDIN_ITEM_MS: '0' };

function dataset(kind: Dataset['kind'], name = 'Faces'): Dataset {
  return { id: 7, name, kind, roots: [], settings: {}, itemCount: 2, errorCount: 0, createdAt: '', updatedAt: '' };
}

function item(id: number, absPath: string, over: Partial<ItemSummary> = {}): ItemSummary {
  return {
    id, datasetId: 7, relPath: basename(absPath), absPath, media: 'image', role: 'target', status: 'ready', errorCode: null, error: null,
    byteSize: 1, width: 512, height: 512, format: 'png', sha256: `sha-${id}`, mtimeMs: 0, caption: `photo ${id}`, tagCount: 0, ...over,
  };
}

const FACES = readdirSync(join(FIXTURES, 'faces')).filter((f) => /\.(png|jpe?g)$/i.test(f)).slice(0, 2).map((f) => join(FIXTURES, 'faces', f));

function itemsFor(kind: Dataset['kind']): ItemSummary[] {
  if (kind === 'video') return [item(1, '/v/clip_a.mp4', { media: 'video' }), item(2, '/v/clip_b.mp4', { media: 'video' })];
  const targets = FACES.map((p, i) => item(i + 1, p));
  return kind === 'control-pair' ? [...targets, ...FACES.map((p, i) => item(i + 11, p, { role: 'control', caption: null }))] : targets;
}

/** Model files (empty: the stand-in only checks they exist) for every path parameter of the model. */
function modelFiles(root: string, spec: ModelSpec): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of spec.params) {
    if (!p.path) continue;
    out[p.key] = join(root, 'models', `${p.key}.safetensors`);
    mkdirSync(dirname(out[p.key]!), { recursive: true });
    if (!existsSync(out[p.key]!)) writeFileSync(out[p.key]!, '');
  }
  return out;
}

/** What the run's export will write: media with caption files, controls by the same stem. */
function fakeExport(exportDir: string, items: ItemSummary[], controlPairs: boolean): void {
  const dirs = runExport(exportDir, 'Faces', controlPairs);
  for (const i of items) {
    const dir = i.role === 'control' ? dirs.controlDir! : dirs.mediaDir;
    mkdirSync(dir, { recursive: true });
    const dest = join(dir, basename(i.absPath));
    if (existsSync(i.absPath)) copyFileSync(i.absPath, dest);
    else writeFileSync(dest, 'video');
    if (i.role === 'target') writeFileSync(dest.replace(/\.[^.]+$/, '.txt'), i.caption ?? '');
  }
}

/** The export's own plan of the test items (a control pairs with the target of the same picture). */
function exportPlanOf(items: ItemSummary[], kind: Dataset['kind'], tags: Record<number, string[]> = {}) {
  const rows: ExportItem[] = items.map((i) => ({ id: i.id, relPath: i.relPath, absPath: i.absPath, status: i.status as ExportItem['status'], errorCode: i.errorCode, error: i.error, role: i.role, pairKey: i.absPath, caption: i.caption, tags: tags[i.id] ?? [] }));
  return planKohyaExport(rows, { conceptName: 'Faces', controlPairs: kind === 'control-pair' });
}

function kindFor(spec: ModelSpec): Dataset['kind'] {
  return spec.needsControl ? 'control-pair' : spec.video ? 'video' : 'image';
}

function planFor(spec: ModelSpec, root: string, overrides: Record<string, unknown> = {}, items?: ItemSummary[]) {
  const kind = kindFor(spec);
  const values = resolveValues(spec, { paths: modelFiles(root, spec), overrides: overrides as never });
  const list = items ?? itemsFor(kind);
  return planRun({ dataset: dataset(kind), items: list, exportPlan: exportPlanOf(list, kind), spec, values, enginePath: enginePath(spec), python: PYTHON, dataDir: join(root, 'data'), gpu: '0', now: new Date(2026, 0, 2, 3, 4, 5) });
}

/** Writes a plan's files (dataset TOML, prompts, the cache manifest) as the supervisor does before the first step. */
function writePlanFiles(r: ReturnType<typeof planRun>): void {
  for (const [p, text] of Object.entries(r.plan.files)) {
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
}

/** Writes a plan's files and export, then runs its cache steps as the supervisor launches them (prepareLaunch
 * first); returns what each step's engine says it cached and skipped. */
async function runCacheSteps(r: ReturnType<typeof planRun>, items: ItemSummary[]): Promise<string[]> {
  writePlanFiles(r);
  fakeExport(r.exportDir, items, false);
  const logs: string[] = [];
  for (const step of r.plan.steps.filter((s) => s.kind === 'cache')) {
    expect(prepareLaunch(r.plan, step)).toBeNull();
    const res = await execa(step.argv[0]!, step.argv.slice(1), { cwd: step.cwd, reject: false, env: STEP_ENV, all: true });
    expect(res.exitCode, String(res.all)).toBe(0);
    logs.push(/cached \d+ items, skipped \d+ existing/.exec(String(res.all))![0]);
  }
  return logs;
}

describe('planner', () => {
  it('plans qwen_image exactly as musubi-tuner documents it', () => {
    const root = tmpDir();
    const spec = getModel('qwen_image');
    const r = planFor(spec, root, { sample_prompts: 'a photo of sks\n\n# comment\n', sample_every_n_epochs: 2 });
    const m = (k: string) => join(root, 'models', `${k}.safetensors`);
    const run = join(root, 'data', 'training', 'runs', '20260102-030405-Faces-qwen_image');
    expect(r.runDir).toBe(run);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const [lat, te, train] = r.plan.steps;
    const script = (s: string) => join(STANDIN, 'musubi-tuner', 'src', 'musubi_tuner', s);
    expect(lat!.argv).toEqual([PYTHON, script('qwen_image_cache_latents.py'), '--vae', m('vae'), '--dataset_config', join(run, 'dataset.toml'), '--skip_existing']);
    expect(te!.argv).toEqual([PYTHON, script('qwen_image_cache_text_encoder_outputs.py'), '--text_encoder', m('text_encoder'), '--batch_size', '16', '--dataset_config', join(run, 'dataset.toml'), '--skip_existing']);
    expect(train!.argv).toEqual([
      join(STANDIN, 'bin', 'accelerate'), 'launch', '--num_cpu_threads_per_process', '1', '--mixed_precision', 'bf16', join(REPO, 'engines', 'shims', 'atelier_launch.py'), script('qwen_image_train_network.py'),
      '--dit', m('dit'), '--vae', m('vae'), '--text_encoder', m('text_encoder'),
      '--output_name', 'Faces', '--max_train_epochs', '16', '--learning_rate', '0.00005', '--network_dim', '16', '--seed', '42',
      '--optimizer_type', 'AdamW8bit', '--lr_scheduler', 'constant', '--mixed_precision', 'bf16', '--gradient_checkpointing', '--sdpa',
      '--sample_every_n_epochs', '2', '--save_every_n_epochs', '1', '--save_state', '--save_last_n_epochs_state', '2', '--save_precision', 'bf16',
      '--timestep_sampling', 'shift', '--discrete_flow_shift', '2.2', '--weighting_scheme', 'none',
      '--max_data_loader_n_workers', '2', '--persistent_data_loader_workers',
      '--dataset_config', join(run, 'dataset.toml'), '--output_dir', join(run, 'output'), '--logging_dir', join(run, 'logs'),
      '--log_with', 'tensorboard', '--log_tracker_config', join(run, 'tensorboard.toml'), '--sample_prompts', join(run, 'sample_prompts.txt'),
      '--network_module', 'networks.lora_qwen_image',
    ]);
    expect(train!.train).toEqual({ outputDir: join(run, 'output'), outputName: 'Faces', loggingDir: join(run, 'logs'), sampleDir: join(run, 'output', 'sample'), maxTrainSteps: null, maxTrainEpochs: 16, countersResetOnResume: true });
    expect(r.plan.files[join(run, 'sample_prompts.txt')]).toBe('a photo of sks\n# comment\n');
    expect(parse(r.plan.files[join(run, 'tensorboard.toml')]!)).toEqual({ tensorboard: { flush_secs: TENSORBOARD_FLUSH_SECS } });
    const toml = parse(r.plan.files[join(run, 'dataset.toml')]!) as { general: Record<string, unknown>; datasets: Record<string, unknown>[] };
    expect(toml.general).toEqual({ caption_extension: '.txt', resolution: [1024, 1024], batch_size: 1, num_repeats: 1, enable_bucket: true, bucket_no_upscale: false });
    expect(toml.datasets).toEqual([{ image_directory: join(run, 'dataset', '1_Faces'), cache_directory: lat!.cacheDir }]);
    expect(lat!.cacheDir).toBe(te!.cacheDir);
    // Every step carries the environment the supervisor gives it; the scrubbed variables are listed once.
    for (const s of r.plan.steps) expect(s.env).toEqual({ PYTHONUNBUFFERED: '1', PYTHONUTF8: '1', PYTHONIOENCODING: 'utf-8', CUDA_VISIBLE_DEVICES: '0' });
    expect(r.unsetEnv).toEqual(['PYTHONPATH', 'PYTHONHOME', 'VIRTUAL_ENV', 'CONDA*', 'PIP_*']);
  });

  it('keys the cache folder by what changes the cached tensors, not by batch sizes or repeats', () => {
    const root = tmpDir();
    const spec = getModel('qwen_image');
    const a = planFor(spec, root);
    const keys = (r: typeof a) => r.plan.steps.filter((s) => s.kind === 'cache').map((s) => s.cacheKey);
    const dir = (r: typeof a) => r.plan.steps[0]!.cacheDir!;
    const manifest = (r: typeof a) => JSON.parse(r.plan.files[join(dir(r), CACHE_MANIFEST)]!) as CacheManifest;
    expect(a.plan.steps[1]!.cacheDir).toBe(dir(a));
    expect(keys(planFor(spec, root))).toEqual(keys(a));
    // Batch sizes, repeats and the VAE's memory use change no tensor: same folder, skipped as current.
    const same = planFor(spec, root, { batch_size: 4, num_repeats: 3, text_encoder_cache_batch_size: 2, latent_cache_batch_size: 8, max_train_epochs: 3, learning_rate: 1e-3 });
    expect([dir(same), ...keys(same)]).toEqual([dir(a), ...keys(a)]);
    // What shapes the pictures or runs the encoders does: other settings, so nothing is shared.
    for (const o of [{ resolution: [768, 768] }, { enable_bucket: false }, { bucket_no_upscale: true }, { fp8_vl: true }]) {
      const r = planFor(spec, root, o);
      expect(manifest(r).settings, JSON.stringify(o)).not.toBe(manifest(a).settings);
    }
    writeFileSync(join(root, 'models', 'other-vae.safetensors'), 'another VAE');
    expect(manifest(planFor(spec, root, { vae: join(root, 'models', 'other-vae.safetensors') })).settings).not.toBe(manifest(a).settings);
    // Items: a new folder for the new item set, with the same settings (its unchanged items are linked in at
    // launch); a caption changes that item's text-encoder inputs only, a picture its latents.
    const b = planFor(spec, root, {}, itemsFor('image').map((i) => (i.id === 2 ? { ...i, caption: 'photo 2 v2' } : i)));
    const c = planFor(spec, root, {}, itemsFor('image').map((i) => (i.id === 2 ? { ...i, sha256: 'sha-2x' } : i)));
    for (const r of [b, c]) {
      expect(dir(r)).not.toBe(dir(a));
      expect(manifest(r).settings).toBe(manifest(a).settings);
    }
    const [s1, s2] = Object.keys(manifest(a).latents);
    expect(manifest(b).latents).toEqual(manifest(a).latents);
    expect(manifest(b).text[s1!]).toBe(manifest(a).text[s1!]);
    expect(manifest(b).text[s2!]).not.toBe(manifest(a).text[s2!]);
    expect(manifest(c).text).toEqual(manifest(a).text);
    expect(manifest(c).latents[s2!]).not.toBe(manifest(a).latents[s2!]);
    // A control picture is read by both encoders of an edit model.
    const edit = getModel('qwen_image_edit');
    const e1 = planFor(edit, root);
    const e2 = planFor(edit, root, {}, itemsFor('control-pair').map((i) => (i.id === 11 ? { ...i, sha256: 'sha-11x' } : i)));
    const stem = Object.keys(manifest(e1).latents)[0]!;
    expect(manifest(e2).latents[stem]).not.toBe(manifest(e1).latents[stem]);
    expect(manifest(e2).text[stem]).not.toBe(manifest(e1).text[stem]);
  });

  it('keys the text encoder by the caption as the export writes it: caption, else tags in order, else the concept name', async () => {
    const dataDir = tmpDir();
    const app = createAtelier({ dataDir, host: 'memory', startJobs: false });
    const d = app.datasets.create('My set', 'image');
    const add = (rel: string) => Number(app.db.prepare("INSERT INTO items (dataset_id, rel_path, abs_path, status, sha256) VALUES (?, ?, ?, 'ready', ?)").run(d.id, rel, `/x/${rel}`, `sha-${rel}`).lastInsertRowid);
    const [a, b, c] = [add('a.png'), add('b.png'), add('c.png')];
    app.items.setCaption(a, 'a photo');
    const tag = app.db.prepare('INSERT INTO tags (item_id, tag, position) VALUES (?, ?, ?)');
    tag.run(b, 'smile', 1);
    tag.run(b, 'red hair', 0);
    const ctx = { dataDir, db: app.db, datasets: app.datasets, items: app.items, settings: new TrainingSettings(app.db) };
    const text = () => {
      const r = planFromDb(ctx, { datasetId: d.id, modelType: 'qwen_image', values: {} });
      return (JSON.parse(r.plan.files[join(r.plan.steps[0]!.cacheDir!, CACHE_MANIFEST)]!) as CacheManifest).text;
    };
    const before = text();
    expect(Object.keys(before)).toEqual(['a', 'b', 'c']);
    // The same training texts written as captions: nothing to encode again.
    app.items.setCaption(b, 'red hair, smile');
    app.items.setCaption(c, 'My set');
    expect(text()).toEqual(before);
    app.items.setCaption(b, '');
    app.db.prepare('UPDATE tags SET position = 1 - position WHERE item_id = ?').run(b);
    expect(text().b).not.toBe(before.b);
    await app.close();
  });

  it('links the files of unchanged items in from an earlier cache folder, and caches only the rest (--skip_existing)', async () => {
    const root = tmpDir();
    const spec = getModel('qwen_image');
    const itemsA = itemsFor('image');
    const a = planFor(spec, root, {}, itemsA);
    expect(await runCacheSteps(a, itemsA)).toEqual(['cached 2 items, skipped 0 existing', 'cached 2 items, skipped 0 existing']);
    // Item 2's caption changes: its latents come from the first folder, its text-encoder output is made again.
    const itemsB = itemsA.map((i) => (i.id === 2 ? { ...i, caption: 'photo 2 v2' } : i));
    const b = planFor(spec, root, {}, itemsB);
    const dirA = a.plan.steps[0]!.cacheDir!;
    const dirB = b.plan.steps[0]!.cacheDir!;
    expect(dirB).not.toBe(dirA);
    expect(await runCacheSteps(b, itemsB)).toEqual(['cached 0 items, skipped 2 existing', 'cached 1 items, skipped 1 existing']);
    const stem2 = basename(FACES[1]!).replace(/\.[^.]+$/, '');
    const te = readdirSync(dirB).find((f) => f.startsWith(stem2) && f.endsWith('_te.safetensors'))!;
    // Linked, not copied; and the changed item's output is its own.
    const latent = readdirSync(dirB).find((f) => f.startsWith(stem2) && !f.endsWith('_te.safetensors') && f.endsWith('.safetensors'))!;
    expect(statSync(join(dirB, latent)).ino).toBe(statSync(join(dirA, latent)).ino);
    expect(statSync(join(dirB, te)).ino).not.toBe(statSync(join(dirA, te)).ino);
    // Other settings share nothing.
    const c = planFor(spec, root, { resolution: [512, 512] }, itemsA);
    writePlanFiles(c);
    expect(reuseCachedItems(c.plan.steps[0]!)).toBe(0);
  });

  it('drops cache files that an interrupted cache step cut short, and never links them into another folder', async () => {
    const root = tmpDir();
    const spec = getModel('qwen_image');
    const items = itemsFor('image');
    const a = planFor(spec, root, {}, items);
    expect(await runCacheSteps(a, items)).toEqual(['cached 2 items, skipped 0 existing', 'cached 2 items, skipped 0 existing']);
    const dir = a.plan.steps[0]!.cacheDir!;
    const stem1 = basename(FACES[0]!).replace(/\.[^.]+$/, '');
    const files = readdirSync(dir).filter((f) => f.startsWith(stem1) && f.endsWith('.safetensors'));
    expect(files).toHaveLength(2); // its latents and its text-encoder output
    // Killed mid-file (out of memory, a crash, power lost): both of the first item's files end too soon.
    const cut = () => files.forEach((f) => truncateSync(join(dir, f), statSync(join(dir, f)).size - 2));
    cut();
    expect(files.map((f) => safetensorsComplete(join(dir, f)))).toEqual([false, false]);
    // The same run again: the cut files are encoded anew instead of being skipped as existing.
    expect(await runCacheSteps(a, items)).toEqual(['cached 1 items, skipped 1 existing', 'cached 1 items, skipped 1 existing']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.safetensors')).every((f) => safetensorsComplete(join(dir, f)))).toBe(true);
    // Another caption for item 2: its latents come from a's folder, but not item 1's once they are cut short.
    cut();
    const itemsB = items.map((i) => (i.id === 2 ? { ...i, caption: 'photo 2 v2' } : i));
    expect((await runCacheSteps(planFor(spec, root, {}, itemsB), itemsB))[0]).toBe('cached 1 items, skipped 1 existing');
  });

  it('knows musubi-tuner’s cache file names and removes the least recently used folders, never those in use', () => {
    expect(cacheFileStem('latents', 'face_01_1024x0768_qi.safetensors', false)).toBe('face_01');
    expect(cacheFileStem('latents', 'clip_a_00000-025_0832x0480_wan.safetensors', true)).toBe('clip_a');
    expect(cacheFileStem('latents', 'clip_a_00000-025-01_0832x0480_wan.safetensors', true)).toBe('clip_a');
    expect(cacheFileStem('latents', 'face_01_qi_te.safetensors', false)).toBeNull();
    expect(cacheFileStem('text', 'face_01_qi_te.safetensors', false)).toBe('face_01');
    expect(cacheFileStem('text', CACHE_MANIFEST, false)).toBeNull();
    const root = tmpDir();
    const dirs = Array.from({ length: 7 }, (_, i) => join(root, 'qwen_image', `folder${i}`));
    dirs.forEach((d, i) => {
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, CACHE_MANIFEST), '{}');
      utimesSync(join(d, CACHE_MANIFEST), 1000 + i, 1000 + i);
    });
    const removed = evictCacheFolders(root, new Set([dirs[0]!]), 4);
    expect(removed.sort()).toEqual([dirs[1], dirs[2]]);
    expect(readdirSync(join(root, 'qwen_image')).sort()).toEqual(['folder0', 'folder3', 'folder4', 'folder5', 'folder6']);
  });

  it('reports pre-flight errors with the setting to fix', () => {
    const root = tmpDir();
    const wan = getModel('Wan_2_1');
    const r = planFor(wan, root, { target_frames: [1, 24], task: 'i2v-14B', clip: null, blocks_to_swap: 45, fp8_base: false, fp8_scaled: true });
    const byKey = Object.fromEntries(r.issues.filter((i) => i.severity === 'error').map((i) => [i.key ?? '-', i.message]));
    expect(byKey.target_frames).toBe('Frame counts must be N*4+1 (1, 5, 9 … 81); 24 is not: use 21 or 25.');
    expect(r.issues.find((i) => i.key === 'target_frames')).toMatchObject({ code: 'target_frames', details: { frames: 24, down: 21, up: 25 } });
    // The export's TOML writer refuses it too, and says so before launch, by its cause and TOML path.
    expect(r.issues.find((i) => i.code === 'toml_target_frames')).toMatchObject({
      severity: 'error',
      details: { frames: 24, down: 21, up: 25, path: 'datasets[0].target_frames[1]' },
      message: expect.stringMatching(/^Dataset config datasets\[0\]\.target_frames\[1\]: target_frames must be of the form N\*4\+1/),
    });
    expect(byKey.clip).toMatch(/image-to-video needs the CLIP model/);
    expect(byKey.blocks_to_swap).toBe('Blocks to swap must be at most 39.');
    const small = planFor(wan, root, { task: 't2v-1.3B', blocks_to_swap: 35 });
    expect(small.issues.find((i) => i.key === 'blocks_to_swap')).toMatchObject({
      code: 'max_blocks',
      details: { model: 'Wan 1.3B DiT (30 blocks)', max: 29 },
      message: 'The Wan 1.3B DiT (30 blocks) can swap at most 29 blocks; lower "Blocks to swap" to 29 or less.',
    });
    expect(byKey.fp8_scaled).toMatch(/requires "FP8 base model"/);
    const i2v = r.plan.steps.find((s) => s.name === 'cache_latents')!;
    expect(i2v.argv).toContain('--i2v');

    const edit = getModel('qwen_image_edit');
    const noControl = planFor(edit, root, {}, itemsFor('image'));
    expect(noControl.issues.map((i) => i.message).join('\n')).toMatch(/no control images/);
    const wrongKind = planRun({ dataset: dataset('video'), items: itemsFor('video'), exportPlan: exportPlanOf(itemsFor('video'), 'video'), spec: getModel('sdxl_lora'), values: resolveValues(getModel('sdxl_lora'), {}), enginePath: null, python: null, dataDir: root, gpu: '0' });
    const msgs = wrongKind.issues.map((i) => i.message).join('\n');
    expect(msgs).toMatch(/trains on image datasets; "Faces" is a video dataset\. Models for it: Wan_2_1, Wan_2_2/);
    expect(wrongKind.issues.find((i) => i.code === 'dataset_kind')?.details).toEqual({ model: 'SDXL LoRA', kinds: ['image'], dataset: 'Faces', kind: 'video', fits: ['Wan_2_1', 'Wan_2_2'] });
    expect(msgs).toMatch(/sd-scripts is not set up/);
    expect(msgs).toMatch(/Base checkpoint is required/);
  });

  it('passes Wan’s CLIP and --i2v only to image-to-video tasks (wan_cache_latents turns --clip into --i2v)', () => {
    const root = tmpDir();
    const seen: Record<string, { latents: string[]; train: string[] }> = {};
    for (const type of ['Wan_2_1', 'Wan_2_2']) {
      const spec = getModel(type);
      for (const task of modelParams(spec).find((p) => p.key === 'task')!.options!) {
        // The family's CLIP path is set (modelFiles sets every path of the model).
        const r = planFor(spec, root, { task, target_frames: [1, 5] });
        expect(r.issues.filter((i) => i.severity === 'error'), task).toEqual([]);
        const argv = (name: string) => r.plan.steps.find((s) => s.name === name)!.argv;
        const flags = (a: string[]) => a.filter((x) => x === '--clip' || x === '--i2v');
        seen[`${type} ${task}`] = { latents: flags(argv('cache_latents')), train: flags(argv('train')) };
        if (argv('cache_latents').includes('--clip')) expect(argv('cache_latents')[argv('cache_latents').indexOf('--clip') + 1]).toBe(join(root, 'models', 'clip.safetensors'));
      }
    }
    expect(seen).toEqual({
      'Wan_2_1 t2v-14B': { latents: [], train: [] },
      'Wan_2_1 t2v-1.3B': { latents: [], train: [] },
      'Wan_2_1 i2v-14B': { latents: ['--clip', '--i2v'], train: ['--clip'] },
      'Wan_2_1 t2i-14B': { latents: [], train: [] },
      // Wan 2.2 has no CLIP model.
      'Wan_2_2 t2v-A14B': { latents: [], train: [] },
      'Wan_2_2 i2v-A14B': { latents: ['--i2v'], train: [] },
    });
    // A text-to-video run does not check or key its caches by a CLIP file it does not use.
    const t2v = planFor(getModel('Wan_2_1'), root, { task: 't2v-14B', clip: join(root, 'gone.pth'), target_frames: [1, 5] });
    expect(t2v.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(t2v.plan.steps[0]!.cacheKey).toBe(planFor(getModel('Wan_2_1'), root, { task: 't2v-14B', target_frames: [1, 5] }).plan.steps[0]!.cacheKey);
  });

  it('checks again right before each launch: a model file moved after enqueue fails the run at pre-flight, naming it', async () => {
    const root = tmpDir();
    const r = planFor(getModel('qwen_image'), root, { max_train_steps: 2, max_train_epochs: null, save_state: false });
    writePlanFiles(r);
    fakeExport(r.exportDir, itemsFor('image'), false);
    // Slow caching, so the file moves while the run is under way.
    for (const s of r.plan.steps) s.env = { ...s.env, PATH: STEP_ENV.PATH, STANDIN_STEP_MS: '1', STANDIN_ITEM_MS: '300' };
    const h = openSupervisor(join(root, 'sup'));
    try {
      const run = h.sup.enqueue({ ...r.plan, datasetId: null }); // (no dataset rows in this database)
      const t0 = Date.now();
      while (h.sup.get(run.id).currentStep !== 'cache_latents') {
        if (Date.now() - t0 > 20_000) throw new Error('caching did not start');
        await new Promise((res) => setTimeout(res, 10));
      }
      const dit = join(root, 'models', 'dit.safetensors');
      renameSync(dit, `${dit}.moved`);
      const failed = await h.sup.wait(run.id);
      expect(failed.status).toBe('failed');
      expect(failed.steps.map((s) => s.status)).toEqual(['done', 'done', 'failed']);
      expect(failed.error).toEqual({
        kind: 'preflight',
        title: 'Pre-flight check failed before train',
        message: `DiT checkpoint not found: ${dit}. Correct it in Training → Engines and models → Model files.`,
        fix: 'Put the model files back where they were, or correct the paths in Training → Engines and models → Model files and queue the run again.',
        cause: 'preflight',
        details: { step: 'train', engine: 'musubi-tuner', engineFolder: null, programs: [], scripts: [], fileKeys: ['dit'], filePaths: [dit] },
      });
      // The engine never started for it.
      expect(h.sup.logs(run.id).filter((l) => l.step === 'train')).toEqual([]);
      // Put back, the run starts again (nothing was trained, so from its start; the caches are current).
      renameSync(`${dit}.moved`, dit);
      h.sup.resume(run.id);
      const done = await h.sup.wait(run.id);
      expect(done.status, JSON.stringify(done.error)).toBe('done');
      expect(done.steps.map((s) => s.status)).toEqual(['skipped', 'skipped', 'done']);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('names a missing engine folder, Python or script at launch, with the fix', () => {
    const root = tmpDir();
    const r = planFor(getModel('qwen_image'), root);
    const [lat, , train] = r.plan.steps;
    expect(launchPreflight(r.plan, lat!)).toBeNull();
    expect(launchPreflight(r.plan, { ...lat!, argv: [join(root, 'gone', 'python'), ...lat!.argv.slice(1)] })).toMatchObject({
      kind: 'preflight',
      message: `${join(root, 'gone', 'python')} no longer exists: set the musubi-tuner Python in Training → Engines and models → Engines, or reinstall the engine.`,
      fix: 'Correct the engine in Training → Engines and models → Engines (its doctor checks it), then start the run again.',
    });
    const script = join(root, 'gone', 'qwen_image_train_network.py');
    expect(launchPreflight(r.plan, { ...train!, argv: train!.argv.map((a) => (a.endsWith('qwen_image_train_network.py') ? script : a)) })?.message).toBe(
      `${script} no longer exists: the musubi-tuner folder changed since the run was queued; Install engine puts the pinned commit back.`,
    );
    expect(launchPreflight(r.plan, { ...lat!, cwd: join(root, 'gone') })?.message).toBe(`The musubi-tuner folder ${join(root, 'gone')} does not exist: correct it in Training → Engines and models → Engines.`);
    // The same by cause, for the UI's other languages: what is missing, by kind.
    expect(launchPreflight(r.plan, { ...lat!, cwd: join(root, 'gone') })).toMatchObject({ cause: 'preflight', details: { step: lat!.name, engine: 'musubi-tuner', engineFolder: join(root, 'gone'), programs: [], scripts: [] } });
    expect(launchPreflight(r.plan, { ...lat!, argv: [join(root, 'gone', 'python'), ...lat!.argv.slice(1)] })?.details).toMatchObject({ programs: [join(root, 'gone', 'python')], engineFolder: null });
    expect(launchPreflight(r.plan, { ...train!, argv: train!.argv.map((a) => (a.endsWith('qwen_image_train_network.py') ? script : a)) })?.details).toMatchObject({ scripts: [script] });
    const dit = train!.argv[train!.argv.indexOf('--dit') + 1]!;
    const gone = join(root, 'gone', 'dit.safetensors');
    expect(launchPreflight(r.plan, { ...train!, argv: train!.argv.map((a) => (a === dit ? gone : a)) })).toMatchObject({
      message: `DiT checkpoint not found: ${gone}. Correct it in Training → Engines and models → Model files.`,
      details: { fileKeys: ['dit'], filePaths: [gone], engineFolder: null, programs: [] },
    });
  });

  for (const spec of MODELS) {
    it(`${spec.type}: the TOML follows the engine schema and every command runs with the stand-in`, async () => {
      const root = tmpDir();
      const kind = kindFor(spec);
      const r = planFor(spec, root, { max_train_epochs: 1, save_every_n_epochs: 1, sample_prompts: 'a test prompt --w 64 --h 64', sample_every_n_epochs: 1, ...(spec.video ? { target_frames: [1, 5] } : {}) });
      expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
      const tomlPath = Object.keys(r.plan.files).find((p) => p.endsWith('dataset.toml'))!;
      const toml = parse(r.plan.files[tomlPath]!) as { general?: Record<string, unknown>; datasets: Record<string, unknown>[] };
      expect(toml.datasets).toHaveLength(1);
      const ds = toml.datasets[0]!;
      if (spec.engine === 'musubi-tuner') {
        expect(ds.cache_directory).toBe(r.plan.steps[0]!.cacheDir);
        const exp = runExport(r.exportDir, 'Faces', kind === 'control-pair');
        expect(ds[spec.video ? 'video_directory' : 'image_directory']).toBe(exp.mediaDir);
        expect(ds.control_directory).toBe(spec.needsControl ? exp.controlDir : undefined);
        if (spec.video) expect(ds.target_frames).toEqual([1, 5]);
      } else {
        expect((ds.subsets as Record<string, unknown>[])[0]).toMatchObject({ image_dir: runExport(r.exportDir, 'Faces', false).mediaDir, caption_extension: '.txt', class_tokens: 'Faces' });
        expect(r.plan.steps.map((s) => s.name)).toEqual(['train']);
      }

      writePlanFiles(r);
      fakeExport(r.exportDir, itemsFor(kind), kind === 'control-pair');
      for (const step of r.plan.steps) {
        const res = await execa(step.argv[0]!, step.argv.slice(1), { cwd: step.cwd, reject: false, env: STEP_ENV, all: true });
        expect(res.exitCode, `${step.name} failed:\n${String(res.all).slice(-1500)}`).toBe(0);
      }
      const out = r.plan.steps.at(-1)!.train!;
      expect(readdirSync(out.outputDir)).toContain(`${out.outputName}.safetensors`);
      expect(readdirSync(out.sampleDir).length).toBeGreaterThan(0);
      expect(readdirSync(out.loggingDir)).toHaveLength(1);
    });
  }
});
