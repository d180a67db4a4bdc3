import { describe, expect, it } from 'vitest';
import { attemptOrder, autoOrder, CUDA_INSTALL_HINT, describeModelIo, diagnoseProviderFailure, gpuExpected, type ProviderFacts } from '../../src/core/inference';
import { providerWarned } from '../../src/shared/contract';

const facts = (f: Partial<ProviderFacts>): ProviderFacts => ({
  platform: 'linux',
  compiledIn: true,
  libraryPresent: true,
  libraryName: 'libonnxruntime_providers_cuda.so',
  nvidiaDriver: true,
  ...f,
});

describe('provider order and failure reasons', () => {
  it('tries GPUs first per platform and always ends on the CPU', () => {
    expect(autoOrder('linux')).toEqual(['cuda', 'cpu']);
    expect(autoOrder('win32')).toEqual(['cuda', 'dml', 'cpu']);
    expect(autoOrder('darwin')).toEqual(['coreml', 'cpu']);
    expect(attemptOrder('cpu', 'linux')).toEqual(['cpu']);
    expect(attemptOrder('cuda', 'linux')).toEqual(['cuda', 'cpu']);
    expect(attemptOrder('tensorrt', 'linux')).toEqual(['tensorrt', 'cuda', 'cpu']);
    expect(attemptOrder('dml', 'win32')).toEqual(['dml', 'cpu']);
    expect(attemptOrder('auto', 'win32')).toEqual(['cuda', 'dml', 'cpu']);
  });

  it('warns when a GPU asked for is not used, and under auto only where a GPU is expected', () => {
    expect(gpuExpected('linux', false)).toBe(false);
    expect(gpuExpected('linux', true)).toBe(true);
    expect(gpuExpected('win32', false)).toBe(true);
    expect(gpuExpected('darwin', false)).toBe(true);
    expect(providerWarned('auto', 'cpu', false)).toBe(false);
    expect(providerWarned('auto', 'cpu', true)).toBe(true);
    expect(providerWarned('auto', 'dml', true)).toBe(false);
    expect(providerWarned('cuda', 'cpu', false)).toBe(true);
    expect(providerWarned('tensorrt', 'cuda', true)).toBe(true);
    expect(providerWarned('cuda', 'cuda', true)).toBe(false);
    expect(providerWarned('cpu', 'cpu', true)).toBe(false);
  });

  it('says what to do for each way CUDA fails, and names the cause', () => {
    const load = 'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library';
    const say = (...a: Parameters<typeof diagnoseProviderFailure>) => diagnoseProviderFailure(...a).message;
    expect(say('cuda', load, facts({ libraryPresent: false }))).toContain(CUDA_INSTALL_HINT);
    expect(diagnoseProviderFailure('cuda', load, facts({ libraryPresent: false }))).toMatchObject({ code: 'no_library', library: 'libonnxruntime_providers_cuda.so' });
    expect(say('cuda', load, facts({ libraryPresent: false, nvidiaDriver: false }))).toMatch(
      /No NVIDIA GPU driver.*install its driver, then the CUDA provider library with `npm rebuild/,
    );
    expect(diagnoseProviderFailure('cuda', load, facts({ libraryPresent: false, nvidiaDriver: false }))).toMatchObject({ code: 'no_driver', libraryMissing: true });
    expect(diagnoseProviderFailure('cuda', load, facts({ nvidiaDriver: false }))).toMatchObject({ code: 'no_driver', libraryMissing: false });
    expect(say('cuda', load, facts({}))).toMatch(/installed but could not load: CUDA 12 and cuDNN 9/);
    expect(diagnoseProviderFailure('cuda', load, facts({}))).toMatchObject({ code: 'cannot_load', onnxruntime: load });
    expect(say('tensorrt', load, facts({ libraryName: 'libonnxruntime_providers_tensorrt.so' }))).toMatch(/libnvinfer/);
    expect(say('cuda', 'CUDA failure 100: no CUDA-capable device is detected', facts({}))).toMatch(/CUDA could not start \(onnxruntime: CUDA failure 100/);
    expect(diagnoseProviderFailure('cuda', 'CUDA failure 100\nat line 3', facts({}))).toMatchObject({ code: 'cannot_start', onnxruntime: 'CUDA failure 100' });
    expect(say('cuda', 'backend not found', facts({ compiledIn: false, platform: 'darwin' }))).toMatch(/not part of onnxruntime-node on darwin \(CUDA builds exist for Linux x64\)/);
    expect(diagnoseProviderFailure('cuda', 'backend not found', facts({ compiledIn: false, platform: 'darwin' }))).toMatchObject({ code: 'not_in_build', platform: 'darwin' });
    expect(say('dml', 'x', facts({ platform: 'win32', libraryPresent: null, nvidiaDriver: null }))).toMatch(/DirectX 12/);
    expect(diagnoseProviderFailure('dml', '', facts({ platform: 'win32' }))).toMatchObject({ provider: 'dml', code: 'cannot_start', onnxruntime: null });
  });
});

describe('model interface from metadata', () => {
  const out = [{ name: 'output', isTensor: true, type: 'float32', shape: ['batch', 10861] }];

  it('reads NHWC WD models, with dynamic or fixed batch', () => {
    const io = describeModelIo([{ name: 'input_1:0', isTensor: true, type: 'float32', shape: ['batch', 448, 448, 3] }], out, 'm');
    expect(io).toEqual({ inputName: 'input_1:0', outputName: 'output', inputType: 'float32', layout: 'NHWC', height: 448, width: 448, batch: 'dynamic', outputSize: 10861 });
    expect(describeModelIo([{ name: 'x', isTensor: true, type: 'float32', shape: [1, 448, 448, 3] }], out, 'm').batch).toBe(1);
  });

  it('reads NCHW models and free spatial sizes, and picks the label output among several', () => {
    const io = describeModelIo(
      [{ name: 'pixels', isTensor: true, type: 'float32', shape: ['', 3, 'h', 'w'] }],
      [
        { name: 'embedding', isTensor: true, type: 'float32', shape: ['b', 1024] },
        { name: 'output', isTensor: true, type: 'float32', shape: ['b', 9083] },
      ],
      'm',
    );
    expect(io).toMatchObject({ layout: 'NCHW', height: null, width: null, batch: 'dynamic', outputName: 'output', outputSize: 9083 });
  });

  it('refuses inputs that are not one picture tensor', () => {
    expect(() => describeModelIo([{ name: 'ids', isTensor: true, shape: [1, 77] }], out, 'text.onnx')).toThrow(/4-D/);
    expect(() => describeModelIo([{ name: 'x', isTensor: true, shape: [1, 4, 4, 5] }], out, 'm')).toThrow(/3-channel/);
    expect(() =>
      describeModelIo(
        [
          { name: 'a', isTensor: true, shape: [1, 3, 8, 8] },
          { name: 'b', isTensor: true, shape: [1] },
        ],
        out,
        'm',
      ),
    ).toThrow(/takes 2 inputs/);
  });
});
