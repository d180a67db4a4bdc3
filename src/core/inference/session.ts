import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { providerWarned, type ExecutionProvider, type ProviderProblem, type ProviderRequest, type SessionProvider } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { describeModelIo, type ModelIo } from './model-io';
import { loadOrt, nvidiaGpuPresent, providerFacts, type Ort } from './ort-runtime';
import { placementFromProfile } from './placement';
import { ORT_PROVIDER_NAMES, PROVIDER_LABELS, attemptOrder, diagnoseProviderFailure, gpuExpected, idleProviderProblem, isGpuProvider } from './providers';

export interface OpenSessionOptions {
  provider?: ProviderRequest;
  /** Run one profiled inference to count the nodes each provider really runs. Default: only when a GPU
   * provider started (on the CPU there is nothing to find out). Costs one batch-1 inference. */
  verify?: boolean;
  /** Height/width to use when the model leaves them free (WD models fix them at 448). */
  defaultInputSize?: number;
  intraOpNumThreads?: number;
  /** Whether this machine should run on a GPU under 'auto' (default: what gpuExpected says of it). */
  gpuExpected?: boolean;
}

export interface ProviderAttempt {
  provider: ExecutionProvider;
  /** Why it did not start (null: it did). */
  problem: ProviderProblem | null;
}

/** A live session and the truth about it. Created by openModelSession; close() releases it. */
export interface ModelSession extends SessionProvider {
  session: InferenceSession;
  modelPath: string;
  inputName: string;
  outputName: string;
  inputType: string;
  layout: ModelIo['layout'];
  inputSize: { width: number; height: number };
  /** 'dynamic': feed batches of any size; a number: exactly that many pictures per run. */
  batch: 'dynamic' | number;
  outputSize: number | null;
  attempts: ProviderAttempt[];
  close(): Promise<void>;
}

/** The model file for a path that is either the .onnx file or a model folder holding model.onnx. */
export function modelFileOf(pathOrDir: string): string {
  if (!existsSync(pathOrDir)) throw new AppError('NOT_FOUND', `There is no model at ${pathOrDir}.`);
  if (!statSync(pathOrDir).isDirectory()) return pathOrDir;
  const file = join(pathOrDir, 'model.onnx');
  if (!existsSync(file)) throw new AppError('NOT_FOUND', `The folder ${pathOrDir} has no model.onnx.`);
  return file;
}

/**
 * Opens an ONNX model on the best provider allowed by `provider`, falling back in order (see attemptOrder)
 * and saying why. A provider counts as running only if onnxruntime accepted it for this session; when it
 * did, a profiled run (see `verify`) checks that graph nodes really execute on it, since onnxruntime silently
 * places operators a provider cannot run on the CPU.
 */
export async function openModelSession(pathOrDir: string, opts: OpenSessionOptions = {}): Promise<ModelSession> {
  const modelPath = modelFileOf(pathOrDir);
  const requested = opts.provider ?? 'auto';
  const ort = await loadOrt();
  const attempts: ProviderAttempt[] = [];
  for (const provider of attemptOrder(requested, process.platform)) {
    const verify = opts.verify ?? isGpuProvider(provider);
    const profileDir = verify ? mkdtempSync(join(tmpdir(), 'atelier-ort-')) : null;
    let session: InferenceSession;
    try {
      session = await ort.InferenceSession.create(modelPath, {
        executionProviders: [provider],
        graphOptimizationLevel: 'all',
        ...(opts.intraOpNumThreads ? { intraOpNumThreads: opts.intraOpNumThreads } : {}),
        ...(profileDir ? { enableProfiling: true, profileFilePrefix: join(profileDir, 'run') } : {}),
      });
    } catch (err) {
      if (profileDir) rmSync(profileDir, { recursive: true, force: true });
      const message = err instanceof Error ? err.message : String(err);
      if (provider === 'cpu') throw modelLoadError(modelPath, message);
      attempts.push({ provider, problem: diagnoseProviderFailure(provider, message, providerFacts(ort, provider)) });
      continue;
    }
    try {
      const io = describeModelIo(session.inputMetadata, session.outputMetadata, modelPath);
      const height = io.height ?? opts.defaultInputSize;
      const width = io.width ?? opts.defaultInputSize;
      if (!height || !width) {
        throw new AppError('UNSUPPORTED', `${modelPath} leaves its input size free and none was given for it.`);
      }
      const placement = profileDir ? await profilePlacement(ort, session, io, { width, height }, profileDir) : null;
      const gpuNodes = placement?.[ORT_PROVIDER_NAMES[provider]] ?? null;
      if (isGpuProvider(provider) && gpuNodes === 0) {
        // Accepted but idle: every operator fell to the CPU. Say so rather than show a GPU badge.
        attempts.push({ provider, problem: idleProviderProblem(provider, process.platform) });
        await session.release();
        continue;
      }
      attempts.push({ provider, problem: null });
      const problems = attempts.flatMap((a) => (a.problem ? [a.problem] : []));
      const fallbackReason = problems.length ? problems.map((p) => `${PROVIDER_LABELS[p.provider]}: ${p.message}`).join(' ') : null;
      const expected = opts.gpuExpected ?? gpuExpected(process.platform, nvidiaGpuPresent());
      return {
        session,
        modelPath,
        requested,
        provider,
        fallbackReason,
        problems,
        warning: providerWarned(requested, provider, expected) ? (fallbackReason ?? `${PROVIDER_LABELS[provider]} runs instead.`) : null,
        placement,
        inputName: io.inputName,
        outputName: io.outputName,
        inputType: io.inputType,
        layout: io.layout,
        inputSize: { width, height },
        batch: io.batch,
        outputSize: io.outputSize,
        attempts,
        close: () => session.release(),
      };
    } catch (err) {
      await session.release();
      throw err;
    } finally {
      if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    }
  }
  // Unreachable: the CPU ends every attempt order and either opens or throws.
  throw new AppError('ENGINE', `No execution provider could open ${modelPath}.`);
}

function modelLoadError(modelPath: string, message: string): AppError {
  return new AppError('ENGINE', `onnxruntime could not load ${modelPath}: ${message.split('\n')[0]}. The file may be incomplete or not an ONNX model.`, {
    modelPath,
  });
}

/** One batch-1 run of zeros with profiling on, then the per-provider node counts from the profile. Profiling
 * stops at endProfiling, so later runs pay nothing for it. Returns null when the input is not float32. */
async function profilePlacement(
  ort: Ort,
  session: InferenceSession,
  io: ModelIo,
  size: { width: number; height: number },
  dir: string,
): Promise<Record<string, number> | null> {
  if (io.inputType !== 'float32') {
    session.endProfiling();
    return null;
  }
  const batch = io.batch === 'dynamic' ? 1 : io.batch;
  const dims = io.layout === 'NHWC' ? [batch, size.height, size.width, 3] : [batch, 3, size.height, size.width];
  const feed = new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);
  await session.run({ [io.inputName]: feed });
  session.endProfiling();
  const file = readdirSync(dir).find((f) => f.endsWith('.json'));
  if (!file) return null;
  return placementFromProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')));
}
