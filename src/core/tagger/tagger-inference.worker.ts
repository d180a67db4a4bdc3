// Worker thread: holds one ONNX session and runs batches on it, so inference (which blocks its thread) never
// stalls the core's event loop or the delivery of preprocessed pictures.
import type { ProviderRequest } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { loadOrt, openModelSession, type ModelSession } from '../inference';
import { serveWorker, Transfer } from '../workers';

export type InferenceRequest =
  | { op: 'open'; modelPath: string; provider: ProviderRequest; threads?: number }
  | { op: 'run'; data: Float32Array; n: number };

export interface OpenedModel {
  requested: ProviderRequest;
  provider: ModelSession['provider'];
  fallbackReason: string | null;
  warning: string | null;
  placement: Record<string, number> | null;
  inputSize: number;
  batch: 'dynamic' | number;
  outputSize: number | null;
}

let model: ModelSession | null = null;

serveWorker<InferenceRequest, OpenedModel | Float32Array>(async (req) => {
  if (req.op === 'open') {
    await model?.close();
    model = await openModelSession(req.modelPath, { provider: req.provider, ...(req.threads ? { intraOpNumThreads: req.threads } : {}) });
    if (model.layout !== 'NHWC' || model.inputSize.width !== model.inputSize.height) {
      throw new AppError('UNSUPPORTED', `${model.modelPath} takes ${model.layout} input of ${model.inputSize.width}x${model.inputSize.height}; the WD recipe needs square NHWC input.`);
    }
    const opened: OpenedModel = {
      requested: model.requested,
      provider: model.provider,
      fallbackReason: model.fallbackReason,
      warning: model.warning,
      placement: model.placement,
      inputSize: model.inputSize.width,
      batch: model.batch,
      outputSize: model.outputSize,
    };
    return opened;
  }
  if (!model) throw new Error('No model is open.');
  const ort = await loadOrt();
  const s = model.inputSize.width;
  const per = s * s * 3;
  // A fixed batch larger than the pictures at hand is filled with blank pictures; their outputs are dropped.
  const rows = model.batch === 'dynamic' ? req.n : model.batch;
  let data = req.data;
  if (rows !== req.n) {
    data = new Float32Array(rows * per);
    data.set(req.data.subarray(0, req.n * per));
  }
  const out = await model.session.run({ [model.inputName]: new ort.Tensor('float32', data, [rows, s, s, 3]) });
  const t = out[model.outputName];
  if (!t) throw new Error(`The model gave no "${model.outputName}" output.`);
  const all = t.data as Float32Array;
  const result = all.slice(0, (all.length / rows) * req.n);
  return new Transfer(result, [result.buffer as ArrayBuffer]);
});
