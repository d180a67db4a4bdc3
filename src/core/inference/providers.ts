import { CUDA_INSTALL_HINT, type ExecutionProvider, type ProviderProblem, type ProviderRequest } from '../../shared/contract';

export { CUDA_INSTALL_HINT };

/** onnxruntime's own names, as they appear in profiles and logs. */
export const ORT_PROVIDER_NAMES: Record<ExecutionProvider, string> = {
  cpu: 'CPUExecutionProvider',
  cuda: 'CUDAExecutionProvider',
  tensorrt: 'TensorrtExecutionProvider',
  dml: 'DmlExecutionProvider',
  coreml: 'CoreMLExecutionProvider',
  webgpu: 'WebGpuExecutionProvider',
};

export const PROVIDER_LABELS: Record<ExecutionProvider, string> = {
  cpu: 'CPU',
  cuda: 'CUDA',
  tensorrt: 'TensorRT',
  dml: 'DirectML',
  coreml: 'CoreML',
  webgpu: 'WebGPU',
};

/** What 'auto' tries, best first. TensorRT is left out on purpose: it builds an engine per input shape at
 * session start (minutes for a large tagger, and again for every new batch size), and onnxruntime-node
 * cannot turn on its engine cache, so it is used only when asked for by name. WebGPU is experimental. */
export function autoOrder(platform: NodeJS.Platform): ExecutionProvider[] {
  if (platform === 'win32') return ['cuda', 'dml', 'cpu'];
  if (platform === 'darwin') return ['coreml', 'cpu'];
  return ['cuda', 'cpu'];
}

/** The providers to try, in order, for a request; the CPU always ends the list. */
export function attemptOrder(requested: ProviderRequest, platform: NodeJS.Platform): ExecutionProvider[] {
  if (requested === 'auto') return autoOrder(platform);
  if (requested === 'cpu') return ['cpu'];
  if (requested === 'tensorrt') return ['tensorrt', 'cuda', 'cpu'];
  return [requested, 'cpu'];
}

export function isGpuProvider(p: ExecutionProvider): boolean {
  return p !== 'cpu';
}

/** Whether 'auto' should find a GPU here: DirectML runs on any DirectX 12 GPU Windows has, CoreML on every Mac,
 * CUDA where an NVIDIA GPU is seen. Elsewhere the CPU is what there is, and running on it is no surprise. */
export function gpuExpected(platform: NodeJS.Platform, nvidiaGpu: boolean): boolean {
  return platform === 'win32' || platform === 'darwin' || nvidiaGpu;
}

/** Facts about the machine that explain why a provider did not start (gathered by the session layer). */
export interface ProviderFacts {
  platform: NodeJS.Platform;
  /** The provider is compiled into this onnxruntime-node build (listSupportedBackends). */
  compiledIn: boolean;
  /** Its separately installed library is present; null when the provider needs none. */
  libraryPresent: boolean | null;
  /** Name of that library, for the message. */
  libraryName: string | null;
  /** An NVIDIA driver is installed; null when unknown (not Linux). */
  nvidiaDriver: boolean | null;
}

/** Why a provider could not start, by cause and in words a user can act on. Pure. */
export function diagnoseProviderFailure(provider: ExecutionProvider, error: string, f: ProviderFacts): ProviderProblem {
  const label = PROVIDER_LABELS[provider];
  const onnxruntime = error.trim().split('\n')[0] || null;
  const said = onnxruntime ? ` (onnxruntime: ${onnxruntime})` : '';
  const problem = (code: ProviderProblem['code'], message: string, libraryMissing = false): ProviderProblem => ({
    provider,
    code,
    message,
    platform: f.platform,
    library: f.libraryName,
    libraryMissing,
    onnxruntime,
  });
  if (!f.compiledIn) {
    const where: Partial<Record<ExecutionProvider, string>> = {
      cuda: 'CUDA builds exist for Linux x64',
      tensorrt: 'TensorRT builds exist for Linux x64',
      dml: 'DirectML is for Windows',
      coreml: 'CoreML is for macOS',
    };
    return problem('not_in_build', `${label} is not part of onnxruntime-node on ${f.platform}${where[provider] ? ` (${where[provider]})` : ''}.`);
  }
  if (provider === 'cuda' || provider === 'tensorrt') {
    const install = `\`${CUDA_INSTALL_HINT}\``;
    if (f.nvidiaDriver === false) {
      // The driver comes first: the provider library alone would not help.
      const missing = f.libraryPresent === false;
      const lib = missing ? `, then the ${label} provider library with ${install}` : '';
      return problem('no_driver', `No NVIDIA GPU driver was found on this machine, so ${label} cannot run. If it has an NVIDIA GPU, install its driver${lib}.`, missing);
    }
    if (f.libraryPresent === false) {
      return problem(
        'no_library',
        `The ${label} provider library (${f.libraryName}) is not installed. Install it with ${install} (it needs CUDA 12 and cuDNN 9), then restart Atelier.`,
        true,
      );
    }
    if (/load|cannot open shared object|\.so|\.dll/i.test(error)) {
      const needs = provider === 'tensorrt' ? 'TensorRT (libnvinfer), CUDA 12 and cuDNN 9' : 'CUDA 12 and cuDNN 9';
      return problem('cannot_load', `The ${label} provider is installed but could not load: ${needs} libraries must be installed and on the library path.${said}`);
    }
    return problem('cannot_start', `${label} could not start${said}.`);
  }
  if (provider === 'dml') return problem('cannot_start', `DirectML could not start: it needs Windows 10 1903 or later and a DirectX 12 GPU${said}.`);
  return problem('cannot_start', `${label} could not start${said}.`);
}

/** A provider that started but runs none of the model's operators. */
export function idleProviderProblem(provider: ExecutionProvider, platform: string): ProviderProblem {
  const message = `${PROVIDER_LABELS[provider]} started, but none of this model's operators run on it.`;
  return { provider, code: 'no_nodes', message, platform, library: null, libraryMissing: false, onnxruntime: null };
}
