import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { AppError } from '../../shared/errors';
import type { Prepared } from './preprocess';

/**
 * Preprocessing read from a model folder's own config, for taggers that are not WD-style (Camie, PixAI). The
 * file is the `preprocess.json` that deepghs ships beside their ONNX exports and imgutils reads
 * (`create_pillow_transforms(json['stages'])`): a list of stages applied in order to the picture, loaded as RGB
 * on a white background:
 *   {"type": "convert_rgb", "force_background": "white"}        background for transparency (a colour name or #rrggbb)
 *   {"type": "resize", "size": 448 | [h, w], "interpolation": "bicubic", "max_size": null}
 *                                                               a number: the shorter side becomes it (aspect kept,
 *                                                               the longer side then capped at max_size); [h, w]: exactly
 *   {"type": "center_crop", "size": 448 | [h, w]}                 padded with black first where the picture is smaller
 *   {"type": "to_tensor"} / {"type": "maybe_to_tensor"}           to float32 0..1, channels first
 *   {"type": "rescale", "rescale_factor": 0.00392}                multiplies the values
 *   {"type": "normalize", "mean": [..3] | m, "std": [..3] | s}    (x - mean) / std per channel
 * Atelier also reads two top-level keys of its own, for configs that need them: "channel_order" ("RGB", the
 * default and imgutils' only order, or "BGR") and "layout" ("NCHW", what to_tensor gives, or "NHWC"); without
 * "layout" the model's own input layout is used. The result must have one size for every picture (end with a
 * center_crop or an [h, w] resize), so that pictures can be batched.
 */
export interface PreprocessRecipe {
  background: string;
  resize: { size: number | [number, number]; maxSize: number | null; kernel: ResizeKernel } | null;
  crop: [number, number] | null;
  /** Multiplier before normalising: 1/255 after to_tensor (and any rescale); 1 without to_tensor. */
  scale: number;
  mean: [number, number, number];
  std: [number, number, number];
  channelOrder: 'RGB' | 'BGR';
  layout: 'NCHW' | 'NHWC' | null;
  /** Height and width of every prepared picture. */
  height: number;
  width: number;
}

type ResizeKernel = 'nearest' | 'linear' | 'cubic' | 'lanczos3';

/** PIL's filters by imgutils' names and codes → sharp's nearest kernels (box and hamming have none: linear). */
const KERNELS: Record<string, ResizeKernel> = {
  nearest: 'nearest',
  '0': 'nearest',
  bilinear: 'linear',
  '2': 'linear',
  bicubic: 'cubic',
  '3': 'cubic',
  lanczos: 'lanczos3',
  '1': 'lanczos3',
  box: 'linear',
  '4': 'linear',
  hamming: 'linear',
  '5': 'linear',
};

const triple = (v: unknown, what: string, file: string): [number, number, number] => {
  const xs = Array.isArray(v) ? v : [v, v, v];
  const t = xs.length === 1 ? [xs[0], xs[0], xs[0]] : xs;
  if (t.length !== 3 || !t.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new AppError('UNSUPPORTED', `${file}: normalize ${what} must be a number or 3 numbers (got ${JSON.stringify(v)}).`);
  }
  return t as [number, number, number];
};

const sizeOf = (v: unknown, what: string, file: string): number | [number, number] => {
  const ok = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x > 0;
  if (ok(v)) return v;
  if (Array.isArray(v) && v.length === 1 && ok(v[0])) return v[0];
  if (Array.isArray(v) && v.length === 2 && ok(v[0]) && ok(v[1])) return [v[0], v[1]];
  throw new AppError('UNSUPPORTED', `${file}: ${what} size must be a whole number or [height, width] (got ${JSON.stringify(v)}).`);
};

/** The recipe a preprocess config describes. Pure. */
export function parsePreprocessConfig(text: string, file = 'preprocess.json'): PreprocessRecipe {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError('UNSUPPORTED', `${file} is not JSON: ${(err as Error).message}`);
  }
  const root = (json ?? {}) as { stages?: unknown; channel_order?: unknown; layout?: unknown };
  const stages = Array.isArray(json) ? json : root.stages;
  if (!Array.isArray(stages)) throw new AppError('UNSUPPORTED', `${file} has no "stages" list of preprocessing steps.`);
  const r: Omit<PreprocessRecipe, 'height' | 'width'> = {
    background: 'white',
    resize: null,
    crop: null,
    scale: 1,
    mean: [0, 0, 0],
    std: [1, 1, 1],
    channelOrder: root.channel_order === 'BGR' ? 'BGR' : 'RGB',
    layout: root.layout === 'NHWC' || root.layout === 'NCHW' ? root.layout : null,
  };
  let tensor = false;
  for (const raw of stages as Record<string, unknown>[]) {
    const type = raw?.type;
    const after = (what: string) => {
      if (tensor) throw new AppError('UNSUPPORTED', `${file}: "${what}" comes after to_tensor; Atelier applies picture steps before it.`);
    };
    if (type === 'convert_rgb') {
      after('convert_rgb');
      if (typeof raw.force_background === 'string') r.background = raw.force_background;
    } else if (type === 'resize') {
      after('resize');
      const kernel = KERNELS[String(raw.interpolation ?? 'bilinear').toLowerCase()];
      if (!kernel) throw new AppError('UNSUPPORTED', `${file}: unknown resize interpolation ${JSON.stringify(raw.interpolation)}.`);
      const maxSize = typeof raw.max_size === 'number' ? raw.max_size : null;
      r.resize = { size: sizeOf(raw.size, 'resize', file), maxSize, kernel };
    } else if (type === 'center_crop') {
      after('center_crop');
      const s = sizeOf(raw.size, 'center_crop', file);
      r.crop = typeof s === 'number' ? [s, s] : s;
    } else if (type === 'to_tensor' || type === 'maybe_to_tensor') {
      tensor = true;
      r.scale *= 1 / 255;
    } else if (type === 'rescale') {
      r.scale *= typeof raw.rescale_factor === 'number' ? raw.rescale_factor : 1 / 255;
    } else if (type === 'normalize') {
      r.mean = triple(raw.mean, 'mean', file);
      r.std = triple(raw.std, 'std', file);
      if (r.std.some((s) => s === 0)) throw new AppError('UNSUPPORTED', `${file}: normalize std must not be 0.`);
    } else {
      throw new AppError('UNSUPPORTED', `${file}: Atelier does not know the preprocessing step ${JSON.stringify(type)}.`);
    }
  }
  const fixed = r.crop ?? (Array.isArray(r.resize?.size) ? r.resize.size : null);
  if (!fixed) {
    throw new AppError('UNSUPPORTED', `${file} gives pictures of different sizes (no center_crop or [height, width] resize); a tagger needs one input size.`);
  }
  return { ...r, height: fixed[0], width: fixed[1] };
}

export function readPreprocessConfig(path: string): PreprocessRecipe {
  return parsePreprocessConfig(readFileSync(path, 'utf8'), path);
}

/** imgutils' resize of a w×h picture: a number makes the shorter side that long (truncated like int()), the
 * longer side then capped at maxSize; [h, w] is exact. Returns [width, height]. Pure. */
export function resizedSize(w: number, h: number, resize: NonNullable<PreprocessRecipe['resize']>): [number, number] {
  if (Array.isArray(resize.size)) return [resize.size[1], resize.size[0]];
  const s = resize.size;
  let [ow, oh] = w < h ? [s, Math.trunc((s * h) / w)] : [Math.trunc((s * w) / h), s];
  if (resize.maxSize !== null && Math.max(ow, oh) > resize.maxSize) {
    [ow, oh] = oh > ow ? [Math.trunc((resize.maxSize * ow) / oh), resize.maxSize] : [resize.maxSize, Math.trunc((resize.maxSize * oh) / ow)];
  }
  return [ow, oh];
}

/** RGB bytes (h×w×3) → the model's float32 input for one picture: scaled, normalised, in the recipe's channel
 * order and the given layout. Pure. */
export function toInputTensor(rgb: Uint8Array, w: number, h: number, r: PreprocessRecipe, layout: 'NCHW' | 'NHWC'): Float32Array {
  const n = w * h;
  const out = new Float32Array(n * 3);
  const order = r.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  for (let c = 0; c < 3; c++) {
    const src = order[c]!;
    const mul = r.scale / r.std[c]!;
    const add = -r.mean[c]! / r.std[c]!;
    for (let i = 0; i < n; i++) {
      const v = rgb[i * 3 + src]! * mul + add;
      if (layout === 'NCHW') out[c * n + i] = v;
      else out[i * 3 + c] = v;
    }
  }
  return out;
}

/** Prepares one picture by a recipe with sharp: EXIF orientation, transparency onto the background, resize,
 * centre crop (black padding where smaller), then toInputTensor. */
export async function preprocessWithRecipe(input: string | Buffer, r: PreprocessRecipe, modelLayout: 'NCHW' | 'NHWC'): Promise<Prepared> {
  const flat = await sharp(input, { failOn: 'error', limitInputPixels: 0x3fff * 0x3fff })
    .rotate()
    .flatten({ background: r.background })
    .toColourspace('srgb')
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const { width, height } = flat.info;
  let img = sharp(flat.data, { raw: { width, height, channels: 3 } });
  let [w, h] = [width, height];
  if (r.resize) {
    const [rw, rh] = resizedSize(w, h, r.resize);
    if (rw !== w || rh !== h) {
      img = sharp(await img.resize(rw, rh, { kernel: r.resize.kernel, fit: 'fill' }).raw().toBuffer(), { raw: { width: rw, height: rh, channels: 3 } });
      [w, h] = [rw, rh];
    }
  }
  if (r.crop) {
    const [ch, cw] = r.crop;
    if (w < cw || h < ch) {
      const padW = Math.max(cw - w, 0);
      const padH = Math.max(ch - h, 0);
      const pad = { left: Math.floor(padW / 2), top: Math.floor(padH / 2), right: padW - Math.floor(padW / 2), bottom: padH - Math.floor(padH / 2) };
      img = sharp(await img.extend({ ...pad, background: '#000000' }).raw().toBuffer(), { raw: { width: w + padW, height: h + padH, channels: 3 } });
      [w, h] = [w + padW, h + padH];
    }
    img = img.extract({ left: Math.floor((w - cw) / 2), top: Math.floor((h - ch) / 2), width: cw, height: ch });
    [w, h] = [cw, ch];
  }
  const px = await img.raw({ depth: 'uchar' }).toBuffer();
  if (px.length !== w * h * 3) throw new Error(`Unexpected ${px.length} bytes after preprocessing (wanted ${w * h * 3}).`);
  return { data: toInputTensor(px, w, h, r, r.layout ?? modelLayout), width, height };
}
