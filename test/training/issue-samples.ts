// Pre-flight issues and doctor checks of every cause, made by the core's own functions (preflight, the value checks,
// the engines' rules, the dataset TOML validators, doctorChecks) from situations that produce them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset, DoctorCheck, ItemSummary, PlanIssueShape } from '../../src/shared/contract';
import { validateMusubiToml, validateSdScriptsToml } from '../../src/core/export';
import { doctorChecks, type DoctorFacts } from '../../src/core/training/engines-setup';
import { preflight, tomlIssue, type PreflightFacts } from '../../src/core/training/plan';
import { checkValues, getModel, resolveValues } from '../../src/core/training/registry';
import { tmpDir } from '../helpers/tmp';

function dataset(kind: Dataset['kind']): Dataset {
  return { id: 1, name: 'Faces', kind, roots: [], settings: {}, itemCount: 2, errorCount: 0, createdAt: '', updatedAt: '' };
}

function item(id: number, over: Partial<ItemSummary> = {}): ItemSummary {
  return {
    id, datasetId: 1, relPath: `face_${id}.png`, absPath: `/pics/face_${id}.png`, media: 'image', role: 'target', status: 'ready', errorCode: null, error: null,
    byteSize: 1, width: 512, height: 512, format: 'png', sha256: `sha-${id}`, mtimeMs: 0, caption: `photo ${id}`, tagCount: 0, ...over,
  };
}

/** Musubi-tuner and sd-scripts dataset TOMLs with every problem their validators name. */
const MUSUBI_TOML = `
bogus = 1
[general]
num_repeat = 1
batch_size = 0
enable_bucket = "yes"

[[datasets]]
image_directory = "/a"
image_jsonl_file = "/a.jsonl"
caption_extension = "txt"

[[datasets]]
image_directory = "/b"
cache_directory = "/c"

[[datasets]]
image_directory = "/d"
cache_directory = "/c"
caption_extension = ".txt"

[[datasets]]
video_directory = "/v"
caption_extension = ".txt"
cache_directory = "/vc"
target_frames = [1, 24]
frame_extraction = "chunk"
source_fps = 30

[[datasets]]
video_directory = "/v2"
caption_extension = ".txt"
cache_directory = "/vc2"
frame_extraction = "bogus"
source_fps = -1.0
`;

const SD_SCRIPTS_TOML = `
[general]
validation_split = 0

[[datasets]]
enable_bucket = true
resolution = 512
min_bucket_reso = 1024
max_bucket_reso = 768
  [[datasets.subsets]]
  image_dir = "/x"
  caption_dropout_rate = 2

[[datasets]]
enable_bucket = true
resolution = 2048
min_bucket_reso = 300
  [[datasets.subsets]]
  image_dir = "/x"
  caption_extension = ".txt"

[[datasets]]
batch_size = 1

[[datasets]]
  [[datasets.subsets]]
  image_dir = "/y"
  [[datasets.subsets]]
  metadata_file = "/m.json"

[[datasets]]
validation_split = 1.5
  [[datasets.subsets]]
  caption_extension = ".txt"
`;

/** One or more pre-flight issues of every cause. */
export function planIssueSamples(): PlanIssueShape[] {
  const root = tmpDir();
  const emptyEngine = join(root, 'engine');
  mkdirSync(emptyEngine);
  const python = join(root, 'python');
  writeFileSync(python, '');
  const qwen = getModel('qwen_image');
  const facts = (over: Partial<PreflightFacts>): PreflightFacts => ({
    spec: qwen, values: resolveValues(qwen, {}), dataset: dataset('image'), items: [item(1)], enginePath: null, python: null, accelerate: null, conceptName: 'Faces', ...over,
  });
  const issues: PlanIssueShape[] = [
    ...preflight(facts({ values: { ...resolveValues(qwen, {}), dit: join(root, 'gone.safetensors'), max_train_epochs: null, max_train_steps: null, output_name: 'a/b', save_state: false, sample_prompts: 'a face' } })),
    ...preflight(facts({ enginePath: join(root, 'nowhere') })),
    ...preflight(facts({ enginePath: emptyEngine, items: [item(1, { caption: null }), item(2, { status: 'error' }), item(3)] })),
    ...preflight(facts({ enginePath: emptyEngine, python: join(root, 'no-python') })),
    ...preflight(facts({ enginePath: emptyEngine, python, accelerate: join(root, 'no-accelerate') })),
    ...preflight(facts({ spec: getModel('sdxl_lora'), values: resolveValues(getModel('sdxl_lora'), {}), dataset: dataset('video'), items: [] })),
    ...preflight(facts({ spec: getModel('qwen_image_edit'), values: resolveValues(getModel('qwen_image_edit'), {}) })),
    ...preflight(facts({ spec: getModel('Wan_2_1'), values: resolveValues(getModel('Wan_2_1'), { overrides: { target_frames: [24] } }), dataset: dataset('video') })),
  ];

  // Every value check, then every engine rule (spec.check, which checkValues leaves out where a key is reported).
  const sdxl = getModel('sdxl_lora');
  issues.push(
    ...checkValues(sdxl, {
      ...resolveValues(sdxl, {}), network_dim: 0, max_grad_norm: 'x' as never, resolution: [512], mixed_precision: 'fp8', pretrained_model_name_or_path: null,
      seed: 4.5, sdpa: 'maybe' as never, network_args: ['conv_dim'], noise_offset: 2,
    }),
    ...qwen.check!({ fp8_scaled: true, fp8_base: false, sdpa: true, xformers: true, blocks_to_swap: 99 }),
    ...sdxl.check!({ full_fp16: true, full_bf16: true, mixed_precision: 'no', cache_text_encoder_outputs: true, network_train_unet_only: false, shuffle_caption: true, caption_dropout_rate: 0.1 }),
    ...getModel('flux1_lora').check!({ blocks_to_swap: 2, cpu_offload_checkpointing: true }),
    ...getModel('Wan_2_1').check!({ task: 'i2v-14B', clip: null }),
    ...getModel('Wan_2_2').check!({ offload_inactive_dit: true, blocks_to_swap: 2 }),
  );

  // The dataset TOML, as the planner reports its problems.
  const noDirs = { directoryExists: () => false };
  for (const problems of [
    validateMusubiToml(MUSUBI_TOML, noDirs),
    validateMusubiToml('general = 1\ndatasets = [1]\n'),
    validateMusubiToml(''),
    validateSdScriptsToml(SD_SCRIPTS_TOML, noDirs),
    validateSdScriptsToml(''),
    validateSdScriptsToml('[[datasets]\n'),
  ]) {
    issues.push(...problems.map(tomlIssue));
  }
  return issues;
}

const GB = 1024 ** 3;

/** What a complete, working musubi-tuner setup looks like to the doctor. */
function goodFacts(): DoctorFacts {
  return {
    engine: 'musubi-tuner',
    path: '/e/musubi-tuner',
    folderExists: true,
    models: ['qwen_image', 'Wan_2_1'],
    missingScripts: [],
    git: { root: '/e/musubi-tuner', head: '30c658c4f4b0bf05038b3346eff9670259b10fc7' },
    gitRootIsFolder: true,
    python: '/e/musubi-tuner/venv/bin/python',
    probe: {
      result: {
        python: '3.12.3',
        executable: '/e/musubi-tuner/venv/bin/python',
        imports: { torch: null, accelerate: null, tensorboard: null },
        torch: { version: '2.7.1+cu128', cuda: true, cudaVersion: '12.8', devices: [{ name: 'NVIDIA GeForce RTX 4090', memory: 24 * GB }] },
      },
    },
    launcher: { path: '/e/musubi-tuner/venv/bin/accelerate', exists: true },
    gpus: [{ name: 'NVIDIA GeForce RTX 4090', memoryTotalMb: 24564, memoryUsedMb: 1024, driver: '570.86' }],
    disk: { dir: '/data', free: 200 * GB },
    modelFiles: [{ key: 'dit', label: 'DiT checkpoint', scope: 'model', owner: 'qwen_image', path: '/m/dit.safetensors' }],
    missingFiles: [],
  };
}

/** Doctor checks of every finding. */
export function doctorCheckSamples(): DoctorCheck[] {
  const good = goodFacts();
  const result = 'result' in good.probe! ? good.probe.result : null!;
  const probe = (over: Partial<typeof result>): DoctorFacts['probe'] => ({ result: { ...result, ...over } });
  const vae = { key: 'vae', label: 'VAE', scope: 'family' as const, owner: 'qwen_image', path: '/m/vae.safetensors' };
  const variants: Partial<DoctorFacts>[] = [
    {},
    { path: null, folderExists: false, python: null, probe: undefined, git: null },
    { folderExists: false, git: null },
    { missingScripts: ['qwen_image_train_network.py', 'wan_train_network.py'], git: null, gitRootIsFolder: false },
    { git: { root: '/e/musubi-tuner', head: 'c0ffee1234567890' }, probe: { failure: 'timeout', error: '' } },
    { probe: { failure: 'not_found', error: '' } },
    { probe: { failure: 'error', error: 'SyntaxError: invalid syntax' } },
    { probe: probe({ python: '3.13.1', imports: { torch: "ModuleNotFoundError: No module named 'torch'", tensorboard: "ModuleNotFoundError: No module named 'tensorboard'" }, torch: null, torchError: "ModuleNotFoundError: No module named 'torch'" }) },
    { probe: probe({ torch: { version: '2.7.1+cpu', cuda: false, cudaVersion: null, devices: [] } }), launcher: { path: '/e/venv/bin/accelerate', exists: false } },
    { probe: probe({ torch: { version: '2.7.1+cu128', cuda: false, cudaVersion: '12.8', devices: [] } }), gpus: null, disk: { dir: '/data', free: 1 * GB } },
    { gpus: [], disk: { dir: '/data', free: 10 * GB }, modelFiles: [] },
    { disk: { dir: '/data', error: 'EACCES: permission denied' }, modelFiles: [...good.modelFiles, vae], missingFiles: [vae, good.modelFiles[0]!] },
  ];
  return variants.flatMap((v) => doctorChecks({ ...good, ...v }));
}
