import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrt, openModelSession, placementFromProfile, probeProviders } from '../../src/core/inference';
import { AppError } from '../../src/shared/errors';
import { SHARED, tmpDir } from '../helpers/tmp';

const MODELS = join(SHARED, 'models', 'tagger-test');

describe('ONNX sessions on real tagger models', () => {
  it('reads input size, layout, names and a dynamic batch from the model, and runs a batch', async () => {
    const m = await openModelSession(join(MODELS, 'wd-test-dynamic'), { provider: 'cpu' });
    try {
      expect(m).toMatchObject({
        provider: 'cpu',
        requested: 'cpu',
        fallbackReason: null,
        inputName: 'input',
        outputName: 'output',
        inputType: 'float32',
        layout: 'NHWC',
        inputSize: { width: 448, height: 448 },
        batch: 'dynamic',
        outputSize: 64,
      });
      // No GPU was tried, so nothing was profiled.
      expect(m.placement).toBeNull();
      const ort = await loadOrt();
      const out = await m.session.run({ input: new ort.Tensor('float32', new Float32Array(3 * 448 * 448 * 3), [3, 448, 448, 3]) });
      expect(out.output!.dims).toEqual([3, 64]);
    } finally {
      await m.close();
    }
  });

  it('reads a fixed batch of 1 (given the model file itself)', async () => {
    const m = await openModelSession(join(MODELS, 'wd-test-fixed-batch', 'model.onnx'), { provider: 'cpu' });
    expect(m.batch).toBe(1);
    expect(m.inputSize).toEqual({ width: 448, height: 448 });
    await m.close();
  });

  it('reports the CPU and the reason when a GPU provider cannot start', async () => {
    const probe = await probeProviders();
    const cuda = probe.providers.find((p) => p.name === 'cuda');
    // Where CUDA does work (a GPU runner), the fallback cannot be shown this way.
    if (process.platform !== 'linux' || cuda?.available) return;
    const m = await openModelSession(join(MODELS, 'wd-test-dynamic'), { provider: 'cuda' });
    try {
      expect(m.requested).toBe('cuda');
      expect(m.provider).toBe('cpu');
      expect(m.attempts.map((a) => a.provider)).toEqual(['cuda', 'cpu']);
      expect(m.fallbackReason).toMatch(/^CUDA: /);
      // Either the driver or the provider library is missing; the advice names the fix.
      expect(m.fallbackReason).toMatch(/NVIDIA GPU driver|onnxruntime-node-install=cuda12/);
      expect(m.fallbackReason).toBe(`CUDA: ${cuda!.reason}`);
      // The same by cause, for clients that say it in another language.
      expect(m.problems).toEqual([cuda!.problem]);
      expect(['no_driver', 'no_library']).toContain(m.problems[0]!.code);
      // A GPU asked for by name and not used is a warning, with the same reason.
      expect(m.warning).toBe(m.fallbackReason);
      // The CPU session it fell back to is not profiled (there is nothing to find out).
      expect(m.placement).toBeNull();
    } finally {
      await m.close();
    }
    const auto = await openModelSession(join(MODELS, 'wd-test-fixed-batch'), { provider: 'auto', gpuExpected: false });
    expect(auto.provider).toBe('cpu');
    expect(auto.fallbackReason).toMatch(/CUDA/);
    // 'auto' on the CPU is what a machine without a GPU does: no warning…
    expect(auto.warning).toBeNull();
    await auto.close();
    // …but where a GPU is expected (an NVIDIA GPU seen), it warns with the reason.
    const expected = await openModelSession(join(MODELS, 'wd-test-fixed-batch'), { provider: 'auto', gpuExpected: true });
    expect(expected.provider).toBe('cpu');
    expect(expected.warning).toBe(expected.fallbackReason);
    await expected.close();
  });

  it('falls back with a reason when the provider is not built for this platform', async () => {
    const foreign = process.platform === 'win32' ? 'coreml' : 'dml';
    const m = await openModelSession(join(MODELS, 'wd-test-dynamic'), { provider: foreign });
    expect(m.provider).toBe('cpu');
    expect(m.fallbackReason).toMatch(new RegExp(`not part of onnxruntime-node on ${process.platform}`));
    expect(m.problems).toMatchObject([{ provider: foreign, code: 'not_in_build', platform: process.platform }]);
    await m.close();
  });

  it('measures where nodes run from a profiled run when asked', async () => {
    const m = await openModelSession(join(MODELS, 'wd-test-dynamic'), { provider: 'cpu', verify: true });
    expect(Object.keys(m.placement!)).toEqual(['CPUExecutionProvider']);
    expect(m.placement!.CPUExecutionProvider).toBeGreaterThan(0);
    await m.close();
  });

  it('lists providers with the CPU always available and a reason for each that is not', async () => {
    const p = await probeProviders();
    expect(p.platform).toBe(process.platform);
    expect(p.autoOrder.at(-1)).toBe('cpu');
    expect(p.providers.find((x) => x.name === 'cpu')).toMatchObject({ available: true, bundled: true, reason: null });
    for (const x of p.providers) expect(x.available === (x.reason === null)).toBe(true);
    expect(p.providers.find((x) => x.name === p.best)!.available).toBe(true);
  });

  it('fails clearly for a missing model and for a file that is not ONNX', async () => {
    const dir = tmpDir();
    await expect(openModelSession(join(dir, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(openModelSession(dir)).rejects.toThrow(/no model.onnx/);
    writeFileSync(join(dir, 'model.onnx'), 'not a model');
    const err = await openModelSession(dir, { provider: 'cpu' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('ENGINE');
    expect((err as AppError).message).toMatch(/incomplete or not an ONNX model/);
    copyFileSync(join(MODELS, 'wd-test-dynamic', 'model.onnx'), join(dir, 'model.onnx'));
    await (await openModelSession(dir, { provider: 'cpu' })).close();
  });

  it('counts kernel events per provider in a profile', () => {
    expect(
      placementFromProfile([
        { cat: 'Session', name: 'model_run' },
        { cat: 'Node', name: 'Conv_1_kernel_time', args: { provider: 'CUDAExecutionProvider' } },
        { cat: 'Node', name: 'Conv_1_fence_before', args: {} },
        { cat: 'Node', name: 'Memcpy_kernel_time', args: { provider: 'CUDAExecutionProvider' } },
        { cat: 'Node', name: 'Shape_2_kernel_time', args: { provider: 'CPUExecutionProvider' } },
      ]),
    ).toEqual({ CUDAExecutionProvider: 2, CPUExecutionProvider: 1 });
    expect(placementFromProfile({})).toEqual({});
  });
});
