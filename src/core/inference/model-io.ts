import { AppError } from '../../shared/errors';

/** onnxruntime-common's ValueMetadata, as far as this file needs it. */
export interface IoMetadata {
  name: string;
  isTensor: boolean;
  type?: string;
  /** Numbers for fixed dimensions, strings (possibly empty) for symbolic ones. */
  shape?: readonly (number | string)[];
}

export interface ModelIo {
  inputName: string;
  outputName: string;
  inputType: string;
  /** NHWC (WD taggers) or NCHW, told apart by where the 3 colour channels sit. */
  layout: 'NHWC' | 'NCHW';
  /** Height and width; null where the model leaves them free. */
  height: number | null;
  width: number | null;
  batch: 'dynamic' | number;
  /** Labels per picture (the last output dimension), when fixed. */
  outputSize: number | null;
}

const fixed = (d: number | string | undefined): number | null => (typeof d === 'number' && d > 0 ? d : null);

/** Reads an image model's interface from its metadata: a 4-D picture input and a [batch, labels] output. Pure. */
export function describeModelIo(inputs: readonly IoMetadata[], outputs: readonly IoMetadata[], file: string): ModelIo {
  const input = inputs[0];
  if (!input || !input.isTensor || !input.shape) throw new AppError('UNSUPPORTED', `${file} has no tensor input; it is not an image model.`);
  if (inputs.length > 1) {
    throw new AppError('UNSUPPORTED', `${file} takes ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); an image tagger takes one picture tensor.`);
  }
  const s = input.shape;
  if (s.length !== 4) {
    throw new AppError('UNSUPPORTED', `${file}: input "${input.name}" has shape [${s.join(', ')}]; an image model takes a 4-D [batch, height, width, channels] tensor.`);
  }
  let layout: ModelIo['layout'];
  if (s[3] === 3) layout = 'NHWC';
  else if (s[1] === 3) layout = 'NCHW';
  else throw new AppError('UNSUPPORTED', `${file}: input "${input.name}" [${s.join(', ')}] has no 3-channel axis in position 1 or 3.`);
  const [h, w] = layout === 'NHWC' ? [s[1], s[2]] : [s[2], s[3]];
  // WD and Camie name their probabilities "output", PixAI "prediction" (beside "logits" and "embedding").
  const named = (n: string) => outputs.find((o) => o.name === n && o.isTensor);
  const output = named('output') ?? named('prediction') ?? outputs.find((o) => o.isTensor && o.shape?.length === 2) ?? outputs[0];
  if (!output) throw new AppError('UNSUPPORTED', `${file} has no output.`);
  const os = output.shape ?? [];
  return {
    inputName: input.name,
    outputName: output.name,
    inputType: input.type ?? 'unknown',
    layout,
    height: fixed(h),
    width: fixed(w),
    batch: fixed(s[0]) ?? 'dynamic',
    outputSize: fixed(os[os.length - 1]),
  };
}
