// ONNX inference sessions: provider choice with honest fallback reporting, model I/O description.
export { openModelSession, modelFileOf, type ModelSession, type OpenSessionOptions, type ProviderAttempt } from './session';
export { probeProviders } from './probe';
export { loadOrt, type Ort } from './ort-runtime';
export { describeModelIo, type ModelIo, type IoMetadata } from './model-io';
export { placementFromProfile } from './placement';
export {
  attemptOrder,
  autoOrder,
  diagnoseProviderFailure,
  gpuExpected,
  isGpuProvider,
  ORT_PROVIDER_NAMES,
  PROVIDER_LABELS,
  CUDA_INSTALL_HINT,
  type ProviderFacts,
} from './providers';
