import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import {
  musubiDatasetToml, sdScriptsDatasetToml, validateMusubiToml, validateSdScriptsToml, type TomlProblem,
} from '../../src/core/export';
import { AppError } from '../../src/shared/errors';
import { tmpDir } from '../helpers/tmp';

const WIN_DIR = 'C:\\Users\\Zoë\\LoRA data\\10_zoe "the cat"';

const errors = (ps: TomlProblem[]) => ps.filter((p) => p.severity === 'error');
const paths = (ps: TomlProblem[]) => ps.map((p) => p.path);

// Debian's python3-toml is the parser both engines use (`import toml`); where it is installed the files are also
// read back by it, exactly as the engines will.
const PY = '/usr/bin/python3';
const pyToml = existsSync(PY) && (() => {
  try {
    execFileSync(PY, ['-c', 'import toml'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function loadWithPython(text: string): unknown {
  const file = join(tmpDir(), 'dataset.toml');
  writeFileSync(file, text);
  const script = 'import json,sys,toml\nd=toml.load(sys.argv[1])\n' +
    'def t(v):\n  return {k:t(x) for k,x in v.items()} if isinstance(v,dict) else [t(x) for x in v] if isinstance(v,list) else [type(v).__name__, v]\n' +
    'print(json.dumps(t(d)))';
  return JSON.parse(execFileSync(PY, ['-c', script, file], { encoding: 'utf8' }));
}

describe('sd-scripts dataset TOML', () => {
  const cfg = {
    general: { captionExtension: '.txt', shuffleCaption: true, keepTokens: 1 },
    datasets: [{
      resolution: 1024, batchSize: 2, enableBucket: true, minBucketReso: 256, maxBucketReso: 2048, bucketResoSteps: 64,
      bucketNoUpscale: true, validationSplit: 0,
      subsets: [
        { imageDir: WIN_DIR, numRepeats: 10, classTokens: 'zoe' },
        { imageDir: '/data/reg', numRepeats: 1, isReg: true, classTokens: 'woman' },
      ],
    }],
  };

  it('writes [general], [[datasets]] and [[datasets.subsets]] with the engine\'s keys, and parses back', () => {
    const text = sdScriptsDatasetToml(cfg);
    expect(text).toMatch(/^\[\[datasets\.subsets\]\]$/m);
    const doc = parse(text) as any;
    expect(doc.general).toEqual({ caption_extension: '.txt', shuffle_caption: true, keep_tokens: 1 });
    expect(doc.datasets).toHaveLength(1);
    const d = doc.datasets[0];
    expect(d).toMatchObject({ resolution: 1024, batch_size: 2, enable_bucket: true, min_bucket_reso: 256, max_bucket_reso: 2048, bucket_reso_steps: 64, bucket_no_upscale: true });
    expect(d.subsets[0]).toEqual({ image_dir: WIN_DIR, num_repeats: 10, class_tokens: 'zoe' });
    expect(d.subsets[1]).toEqual({ image_dir: '/data/reg', num_repeats: 1, is_reg: true, class_tokens: 'woman' });
    // validation_split is a Python float in the engine's schema: 0 must be written 0.0.
    expect(text).toMatch(/^validation_split = 0\.0$/m);
    expect(validateSdScriptsToml(text)).toEqual([]);
  });

  it.skipIf(!pyToml)('is read by Python\'s toml (the engines\' parser) with the same values and types', () => {
    const doc = loadWithPython(sdScriptsDatasetToml(cfg)) as any;
    expect(doc.datasets[0].subsets[0].image_dir).toEqual(['str', WIN_DIR]);
    expect(doc.datasets[0].validation_split).toEqual(['float', 0]);
    expect(doc.datasets[0].resolution).toEqual(['int', 1024]);
    expect(doc.general.shuffle_caption).toEqual(['bool', true]);
  });

  it('refuses what the engine would refuse, with the place and the fix', () => {
    const bad = `[general]
caption_extension = "txt"
num_repeat = 3
[[datasets]]
resolution = [1024, 768]
enable_bucket = true
min_bucket_reso = 800
max_bucket_reso = 1000
validation_split = 0
[[datasets.subsets]]
num_repeats = 0
caption_dropout_rate = 1.5
[[datasets.subsets]]
metadata_file = "meta.json"
`;
    const ps = validateSdScriptsToml(bad);
    expect(paths(errors(ps))).toEqual(expect.arrayContaining([
      'validation_split', 'general.num_repeat', 'datasets[0].subsets', 'datasets[0].min_bucket_reso', 'datasets[0].max_bucket_reso',
      'datasets[0].subsets[0].image_dir', 'datasets[0].subsets[0].num_repeats', 'datasets[0].subsets[0].caption_dropout_rate',
      'datasets[0].subsets[0].caption_extension',
    ]));
    expect(ps.find((p) => p.path === 'general.num_repeat')!.message).toMatch(/not a key the engine accepts/);
    expect(ps.find((p) => p.path === 'datasets[0].subsets')!.message).toMatch(/cannot share a dataset/);
    expect(ps.find((p) => p.path === 'datasets[0].subsets[0].caption_extension')!.message).toContain('".txt"');
    expect(validateSdScriptsToml('[[datasets]\n')[0]!.message).toMatch(/not valid TOML/);
    expect(paths(validateSdScriptsToml('extra = 1\n'))).toEqual(['extra', 'datasets']);
  });

  it('warns when captions would be looked for as .caption files, and checks folders when asked', () => {
    const text = '[[datasets]]\nresolution = 512\n[[datasets.subsets]]\nimage_dir = "/nowhere"\n';
    expect(validateSdScriptsToml(text)).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'datasets[0].subsets[0].caption_extension' }),
    ]);
    const withDirs = validateSdScriptsToml(text, { directoryExists: () => false });
    expect(withDirs.find((p) => p.path === 'datasets[0].subsets[0].image_dir')!.message).toContain('/nowhere does not exist');
  });

  it('the writer throws INVALID_INPUT listing the problems instead of writing a file the engine refuses', () => {
    const err = (() => {
      try {
        sdScriptsDatasetToml({ datasets: [{ resolution: 512, enableBucket: true, minBucketReso: 1024, subsets: [{ imageDir: '/a', numRepeats: 0 }] }] });
      } catch (e) {
        return e;
      }
    })() as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(/num_repeats/);
    expect(err.message).toMatch(/min_bucket_reso/);
  });
});

describe('musubi-tuner dataset TOML', () => {
  const cfg = {
    general: { resolution: [960, 544] as [number, number], captionExtension: '.txt', batchSize: 1, enableBucket: true, bucketNoUpscale: false },
    datasets: [
      { kind: 'image' as const, imageDirectory: WIN_DIR, cacheDirectory: 'C:\\cache\\zoe', controlDirectory: 'C:\\control\\zoe', numRepeats: 2 },
      { kind: 'video' as const, videoDirectory: '/data/clips', cacheDirectory: '/data/cache_clips', targetFrames: [1, 25, 45], frameExtraction: 'head' as const, sourceFps: 30 },
      { kind: 'video' as const, videoDirectory: '/data/clips', cacheDirectory: '/data/cache_clips_full', frameExtraction: 'full' as const, maxFrames: 45 },
    ],
  };

  it('writes [general] and one [[datasets]] per folder, image and video keys in place, and parses back', () => {
    const text = musubiDatasetToml(cfg);
    const doc = parse(text) as any;
    expect(doc.general).toEqual({ resolution: [960, 544], caption_extension: '.txt', batch_size: 1, enable_bucket: true, bucket_no_upscale: false });
    expect(doc.datasets[0]).toEqual({ image_directory: WIN_DIR, cache_directory: 'C:\\cache\\zoe', control_directory: 'C:\\control\\zoe', num_repeats: 2 });
    expect(doc.datasets[1]).toEqual({ video_directory: '/data/clips', cache_directory: '/data/cache_clips', target_frames: [1, 25, 45], frame_extraction: 'head', source_fps: 30 });
    expect(doc.datasets[2]).toEqual({ video_directory: '/data/clips', cache_directory: '/data/cache_clips_full', frame_extraction: 'full', max_frames: 45 });
    expect(text).toMatch(/^source_fps = 30\.0$/m);
    expect(validateMusubiToml(text)).toEqual([]);
  });

  it.skipIf(!pyToml)('is read by Python\'s toml with source_fps a float and the Windows paths intact', () => {
    const doc = loadWithPython(musubiDatasetToml(cfg)) as any;
    expect(doc.datasets[1].source_fps).toEqual(['float', 30]);
    expect(doc.datasets[0].image_directory).toEqual(['str', WIN_DIR]);
    expect(doc.general.resolution).toEqual([['int', 960], ['int', 544]]);
  });

  it('checks the engine\'s rules: N*4+1 frames, one cache per dataset, float fps, known keys', () => {
    const bad = `[general]
caption_extension = ".txt"
image_directory = "/misplaced"
[[datasets]]
video_directory = "/v"
target_frames = [1, 24, 0]
frame_extraction = "chunk"
source_fps = 24
[[datasets]]
image_directory = "/v/"
target_frames = [5]
[[datasets]]
image_jsonl_file = "/meta.jsonl"
[[datasets]]
image_directory = "/a"
image_jsonl_file = "/b.jsonl"
cache_directory = "/c"
`;
    const ps = validateMusubiToml(bad);
    const at = (p: string) => ps.find((x) => x.path === p);
    expect(at('source_fps')!.message).toMatch(/30\.0, not 30/);
    expect(at('general.image_directory')!.severity).toBe('error');
    expect(at('datasets[0].target_frames[1]')!.message).toMatch(/N\*4\+1.*24 would be cut to 21, use 21 or 25/);
    expect(at('datasets[0].target_frames[2]')).toBeDefined();
    expect(at('datasets[0].target_frames')).toMatchObject({ severity: 'warning' });
    expect(at('datasets[1].cache_directory')!.message).toMatch(/datasets\[0\] already caches in \/v\/; give each dataset its own cache_directory/);
    expect(at('datasets[1].target_frames')!.message).toMatch(/not a key the engine accepts in an image dataset/);
    expect(at('datasets[2].cache_directory')!.message).toMatch(/needs its own cache_directory/);
    expect(at('datasets[3]')!.message).toMatch(/exactly one of image_directory and image_jsonl_file/);
    expect(paths(validateMusubiToml('[[datasets]]\nimage_directory = "/x"\ncache_directory = "/c"\n'))).toEqual(['datasets[0].caption_extension']);
  });

  it('the writer refuses shared cache folders and bad frame counts', () => {
    expect(() => musubiDatasetToml({
      general: { captionExtension: '.txt' },
      datasets: [
        { kind: 'image', imageDirectory: '/a', cacheDirectory: '/cache' },
        { kind: 'image', imageDirectory: '/b', cacheDirectory: '/cache/' },
      ],
    })).toThrow(/own cache_directory/);
    expect(() => musubiDatasetToml({
      general: { captionExtension: '.txt' },
      datasets: [{ kind: 'video', videoDirectory: '/v', cacheDirectory: '/c', targetFrames: [16] }],
    })).toThrow(/use 13 or 17/);
  });
});
