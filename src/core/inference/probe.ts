import { execFile } from 'node:child_process';
import { providerWarned, type ExecutionProvider, type ProviderProblem, type ProvidersInfo } from '../../shared/contract';
import { compiledProviders, isBundled, loadOrt, nvidiaGpuPresent, providerFacts } from './ort-runtime';
import { PROVIDER_LABELS, autoOrder, diagnoseProviderFailure, gpuExpected } from './providers';
import { tinyProbeModel } from './tiny-model';

let cached: Promise<ProvidersInfo> | null = null;

/** Which execution providers can start a session on this machine, and why the others cannot. Each candidate
 * opens a one-node model, so the answer is what onnxruntime really does here, not what it was built with.
 * Cached for the process: providers do not appear while it runs. */
export function probeProviders(refresh = false): Promise<ProvidersInfo> {
  if (refresh || !cached) cached = probe();
  return cached;
}

async function probe(): Promise<ProvidersInfo> {
  const ort = await loadOrt();
  const model = tinyProbeModel();
  const order = autoOrder(process.platform);
  const compiled = compiledProviders(ort);
  // Everything 'auto' may try, plus TensorRT when this build carries it. WebGPU (experimental, explicit
  // request only) is not probed: its adapter search prints to stderr on machines without Vulkan.
  const candidates: ExecutionProvider[] = compiled.has('tensorrt') ? [...order.slice(0, -1), 'tensorrt', 'cpu'] : order;
  const providers: ProvidersInfo['providers'] = [];
  for (const name of candidates) {
    let problem: ProviderProblem | null = null;
    try {
      const s = await ort.InferenceSession.create(model, { executionProviders: [name] });
      await s.release();
    } catch (err) {
      problem = diagnoseProviderFailure(name, err instanceof Error ? err.message : String(err), providerFacts(ort, name));
    }
    providers.push({ name, label: PROVIDER_LABELS[name], available: problem === null, bundled: isBundled(ort, name), reason: problem?.message ?? null, problem });
  }
  const best = order.find((p) => providers.some((x) => x.name === p && x.available)) ?? 'cpu';
  const gpuName = await nvidiaGpuName();
  const expected = gpuExpected(process.platform, nvidiaGpuPresent() || gpuName !== null);
  const firstGpu = providers.find((p) => p.name !== 'cpu' && order.includes(p.name));
  const autoProblem = providerWarned('auto', best, expected) ? (firstGpu?.problem ?? null) : null;
  return { platform: process.platform, autoOrder: order, best, providers, gpuName, gpuExpected: expected, autoWarning: autoProblem?.message ?? null, autoProblem };
}

/** The first NVIDIA GPU's name from nvidia-smi, or null (no driver, not NVIDIA, or it took too long). */
function nvidiaGpuName(): Promise<string | null> {
  if (process.platform === 'darwin') return Promise.resolve(null);
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { timeout: 3000, windowsHide: true }, (err, stdout) => {
      resolve(err ? null : stdout.split('\n')[0]?.trim() || null);
    });
  });
}
