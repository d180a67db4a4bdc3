// The registry's generated behaviour: value layering, --set parsing by declared type, validation messages, form
// order, and the global model paths (family-shared vs per-model) on a real SQLite file.
import { describe, expect, it } from 'vitest';
import { createAtelier } from '../../src/core/app';
import { paramGroups, paramValueSchemaFor } from '../../src/shared/contract';
import { checkValues, formParams, getModel, MODELS, parseSetArgs, resolveValues, stepArgs } from '../../src/core/training/registry';
import { tmpDir } from '../helpers/tmp';

describe('model registry', () => {
  it('registers the required model types, each parameter key once per model', () => {
    expect(MODELS.map((m) => m.type)).toEqual(['qwen_image', 'qwen_image_edit', 'flux_kontext', 'Wan_2_1', 'Wan_2_2', 'sd15_lora', 'sdxl_lora', 'flux1_lora']);
    for (const m of MODELS) {
      const keys = m.params.map((p) => p.key);
      expect(new Set(keys).size, m.type).toBe(keys.length);
      for (const k of Object.keys(m.tweaks ?? {})) expect(keys, `${m.type} tweaks unknown ${k}`).toContain(k);
      for (const p of Object.values(m.memoryPresets)) for (const k of Object.keys(p.values)) expect(keys, `${m.type} memory preset sets ${k}`).toContain(k);
    }
  });

  it('layers defaults < model paths < preset < memory preset < user values', () => {
    const spec = getModel('qwen_image');
    const v = resolveValues(spec, { paths: { dit: '/m/dit.safetensors', t5xxl: '/not/this/family' }, preset: 'quick', memory: 'low', overrides: { network_dim: 12 } });
    expect(v).toMatchObject({ dit: '/m/dit.safetensors', max_train_epochs: 4, network_dim: 12, blocks_to_swap: 45, fp8_scaled: true, learning_rate: 5e-5 });
    expect(v).not.toHaveProperty('t5xxl');
    expect(() => resolveValues(spec, { overrides: { t5xxl: 'x' } })).toThrow(/qwen_image has no setting "t5xxl"/);
    expect(() => resolveValues(spec, { overrides: { logging_dir: 'x' } })).toThrow(/"logging_dir" is set by Atelier/);
    expect(() => resolveValues(spec, { preset: 'fastest' })).toThrow('Unknown preset "fastest" for qwen_image. Presets: standard, quick, thorough.');
  });

  it('parses --set values by each parameter’s declared type', () => {
    const sdxl = getModel('sdxl_lora');
    expect(parseSetArgs(sdxl, ['network_dim=8', 'learning_rate=1e-4', 'gradient_checkpointing=off', 'text_encoder_lr=1e-5,2e-5', 'resolution=[832, 1216]', 'network_args=conv_dim=4 conv_alpha=1', 'seed='])).toEqual({
      network_dim: 8, learning_rate: 1e-4, gradient_checkpointing: false, text_encoder_lr: [1e-5, 2e-5], resolution: [832, 1216], network_args: ['conv_dim=4', 'conv_alpha=1'], seed: null,
    });
    expect(() => parseSetArgs(sdxl, ['network_dim=8.5'])).toThrow('network_dim: expected a whole number, got "8.5".');
    expect(() => parseSetArgs(sdxl, ['sdpa=maybe'])).toThrow('sdpa: expected true or false, got "maybe".');
    expect(() => parseSetArgs(sdxl, ['dim'])).toThrow('--set takes key=value, got "dim".');
    expect(() => parseSetArgs(sdxl, ['network_dimm=8'])).toThrow(/Did you mean network_dim\?/);
  });

  it('validates values with the declared ranges and options, then the engine rules', () => {
    const flux = getModel('flux1_lora');
    const base = resolveValues(flux, { paths: { pretrained_model_name_or_path: '/a', ae: '/b', t5xxl: '/c', clip_l: '/d' }, overrides: { output_name: 'mine' } });
    expect(checkValues(flux, base)).toEqual([]);
    const bad = checkValues(flux, { ...base, blocks_to_swap: 36, mixed_precision: 'fp8', network_args: ['conv_dim'], full_fp16: true, cpu_offload_checkpointing: true, shuffle_caption: true });
    expect(bad).toEqual(expect.arrayContaining([
      { severity: 'error', code: 'value_max', key: 'blocks_to_swap', details: { max: 35 }, message: 'Blocks to swap must be at most 35.' },
      { severity: 'error', code: 'value_one_of', key: 'mixed_precision', details: { options: ['bf16', 'fp16', 'no'] }, message: 'Mixed precision must be one of: bf16, fp16, no.' },
      { severity: 'error', code: 'value_key_value', key: 'network_args', details: { item: 'conv_dim' }, message: 'Network arguments: "conv_dim" is not key=value.' },
      { severity: 'error', code: 'cached_te_shuffle', key: 'shuffle_caption', message: 'Tag shuffling does not work with cached text-encoder outputs; turn one of them off.' },
      { severity: 'error', code: 'swap_or_offload', key: 'cpu_offload_checkpointing', message: 'Block swap and CPU-offloaded checkpointing cannot be combined; turn one off.' },
    ]));
    // Each schema is the shared one the form validates with too.
    const dim = formParams(flux).find((p) => p.key === 'network_dim')!;
    expect(paramValueSchemaFor(dim).safeParse(0).success).toBe(false);
    expect(paramValueSchemaFor(dim).safeParse(null).success).toBe(true);
  });

  it('orders the form by group and hides internal parameters; argv skips unset values', () => {
    const wan = getModel('Wan_2_2');
    const form = formParams(wan);
    const groups = form.map((p) => paramGroups.indexOf(p.group));
    expect([...groups].sort((a, b) => a - b)).toEqual(groups);
    expect(form.some((p) => p.internal)).toBe(false);
    expect(form.find((p) => p.key === 'task')?.options).toEqual(['t2v-A14B', 'i2v-A14B']);
    const args = stepArgs(wan, { ...resolveValues(wan, {}), dit: '/d', t5: '/t', vae: '/v', task: 'i2v-A14B', i2v: true }, 'cache_latents');
    expect(args).toEqual(['--vae', '/v', '--i2v']);
  });

  it('keeps family paths shared and model paths per model, validated by the registry', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory', startJobs: false });
    const client = app.connect();
    await client.call('training.setModelPaths', { families: { flux: { ae: '/m/ae.safetensors', t5xxl: '/m/t5.safetensors' } }, models: { flux_kontext: { dit: '/m/kontext.safetensors' } } });
    const kontext = await client.call('training.schema', { modelType: 'flux_kontext' });
    const flux1 = await client.call('training.schema', { modelType: 'flux1_lora' });
    expect(kontext.saved).toMatchObject({ ae: '/m/ae.safetensors', t5xxl: '/m/t5.safetensors', dit: '/m/kontext.safetensors' });
    expect(flux1.saved).toMatchObject({ ae: '/m/ae.safetensors', t5xxl: '/m/t5.safetensors' });
    expect(flux1.saved).not.toHaveProperty('dit');
    const view = await client.call('training.setModelPaths', { families: { flux: { t5xxl: '' } } });
    expect(view.families.find((f) => f.id === 'flux')).toMatchObject({ values: { ae: '/m/ae.safetensors' }, fields: [{ key: 'ae' }, { key: 't5xxl' }, { key: 'clip_l' }] });
    await expect(client.call('training.setModelPaths', { families: { flux: { vae: '/x' } } })).rejects.toThrow('The flux family has no shared model path "vae". Paths: ae, t5xxl, clip_l.');
    await expect(client.call('training.setModelPaths', { models: { qwen_image: { vae: '/x' } } })).rejects.toThrow(/has no own model path "vae".*shared ones are set on its family/);
    // Last used values: the persisted ones only, and only settings the model still has.
    app.db.prepare("INSERT INTO training_settings (key, value) VALUES ('last:flux1_lora', ?)").run(JSON.stringify({ network_dim: 8, gone_setting: 1, output_name: 'x' }));
    expect((await client.call('training.schema', { modelType: 'flux1_lora' })).saved).toEqual({ network_dim: 8, ae: '/m/ae.safetensors' });
    const models = await client.call('training.models', {});
    expect(models.find((m) => m.type === 'Wan_2_1')).toMatchObject({ engine: 'musubi-tuner', family: 'wan', datasetKinds: ['video', 'image'] });
    await app.close();
  });
});
