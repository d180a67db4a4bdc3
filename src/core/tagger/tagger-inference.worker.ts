// Worker thread: holds one ONNX session and runs batches on it, so inference (which blocks its thread) never
// stalls the core's event loop or the delivery of preprocessed pictures.
import type { ProviderRequest, SessionProvider } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { loadOrt, openModelSession, type ModelSession } from '../inference';
import { serveWorker, Transfer } from '../workers';
import type { PreprocessRecipe } from './preprocess-config';

export type InferenceRequest =
  | { op: 'open'; modelPath: string; provider: ProviderRequest; threads?: number; recipe?: PreprocessRecipe }
  | { op: 'run'; data: Float32Array; n: number };

export interface OpenedModel extends SessionProvider {
  /** The side of the square input (WD); for config-driven models the width (see height). */
  inputSize: number;
  height: number;
  layout: ModelSession['layout'];
  batch: 'dynamic' | number;
  outputSize: number | null;
}

let model: ModelSession | null = null;

serveWorker<InferenceRequest, OpenedModel | Float32Array>(async (req) => {
  if (req.op === 'open') {
    await model?.close();
    const r = req.recipe;
    model = await openModelSession(req.modelPath, {
      provider: req.provider,
      ...(req.threads ? { intraOpNumThreads: req.threads } : {}),
      // A model that leaves its input size free takes the size its config prepares.
      ...(r ? { defaultInputSize: r.width } : {}),
    });
    const { width, height } = model.inputSize;
    if (!r && (model.layout !== 'NHWC' || width !== height)) {
      throw new AppError('UNSUPPORTED', `${model.modelPath} takes ${model.layout} input of ${width}x${height}; the WD recipe needs square NHWC input.`);
    }
    if (r && (r.width !== width || r.height !== height)) {
      throw new AppError('UNSUPPORTED', `${model.modelPath} takes ${width}x${height} pictures but its preprocess config prepares ${r.width}x${r.height}.`);
    }
    if (r?.layout && r.layout !== model.layout) {
      throw new AppError('UNSUPPORTED', `${model.modelPath} takes ${model.layout} input but its preprocess config says ${r.layout}.`);
    }
    const opened: OpenedModel = {
      requested: model.requested,
      provider: model.provider,
      fallbackReason: model.fallbackReason,
      problems: model.problems,
      warning: model.warning,
      placement: model.placement,
      inputSize: width,
      height,
      layout: model.layout,
      batch: model.batch,
      outputSize: model.outputSize,
    };
    return opened;
  }
  if (!model) throw new Error('No model is open.');
  const ort = await loadOrt();
  const { width: w, height: h } = model.inputSize;
  const per = w * h * 3;
  // A fixed batch larger than the pictures at hand is filled with blank pictures; their outputs are dropped.
  const rows = model.batch === 'dynamic' ? req.n : model.batch;
  let data = req.data;
  if (rows !== req.n) {
    data = new Float32Array(rows * per);
    data.set(req.data.subarray(0, req.n * per));
  }
  const dims = model.layout === 'NHWC' ? [rows, h, w, 3] : [rows, 3, h, w];
  const out = await model.session.run({ [model.inputName]: new ort.Tensor('float32', data, dims) });
  const t = out[model.outputName];
  if (!t) throw new Error(`The model gave no "${model.outputName}" output.`);
  const all = t.data as Float32Array;
  const result = all.slice(0, (all.length / rows) * req.n);
  return new Transfer(result, [result.buffer as ArrayBuffer]);
});
