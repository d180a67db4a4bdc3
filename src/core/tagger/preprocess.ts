import sharp from 'sharp';

/** One picture ready for the model: its input tensor without the batch axis (for WD taggers size×size×3
 * float32, B,G,R, 0..255, row-major: NHWC without N; for config-driven models see preprocess-config.ts). */
export interface Prepared {
  data: Float32Array;
  /** The picture's size after EXIF orientation. */
  width: number;
  height: number;
}

/** The centred square a picture is padded into: left/top get the floor of the margin, right/bottom the rest. */
export function squarePadding(width: number, height: number): { side: number; left: number; top: number; right: number; bottom: number } {
  const side = Math.max(width, height);
  const left = Math.floor((side - width) / 2);
  const top = Math.floor((side - height) / 2);
  return { side, left, top, right: side - width - left, bottom: side - height - top };
}

/** RGB bytes → BGR float32, the WD taggers' input. */
export function rgbToBgrFloat(rgb: Uint8Array, out = new Float32Array(rgb.length)): Float32Array {
  for (let i = 0; i < rgb.length; i += 3) {
    out[i] = rgb[i + 2]!;
    out[i + 1] = rgb[i + 1]!;
    out[i + 2] = rgb[i]!;
  }
  return out;
}

/**
 * The WD tagger Space's `prepare_image` with sharp: flatten alpha onto white, pad to a centred white square,
 * bicubic resize to size×size (skipped when the square already has that size), BGR float32 0..255.
 * Two pipelines, because sharp always pads after resizing within one. Unlike the reference, EXIF orientation
 * is applied first, so the model sees the picture the way the user does.
 */
export async function preprocessImage(input: string | Buffer, size: number): Promise<Prepared> {
  const flat = await sharp(input, { failOn: 'error', limitInputPixels: 0x3fff * 0x3fff })
    .rotate()
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = flat.info;
  const pad = squarePadding(width, height);
  let img = sharp(flat.data, { raw: { width, height, channels } });
  if (channels !== 3) img = img.removeAlpha().toColourspace('srgb');
  if (pad.side !== width || pad.side !== height) {
    img = sharp(
      await img.extend({ ...pad, background: '#ffffff' }).raw({ depth: 'uchar' }).toBuffer(),
      { raw: { width: pad.side, height: pad.side, channels: 3 } },
    );
  }
  if (pad.side !== size) img = img.resize(size, size, { kernel: 'cubic', fit: 'fill' });
  const px = await img.raw({ depth: 'uchar' }).toBuffer();
  if (px.length !== size * size * 3) throw new Error(`Unexpected ${px.length} bytes after preprocessing (wanted ${size * size * 3}).`);
  return { data: rgbToBgrFloat(px), width, height };
}
