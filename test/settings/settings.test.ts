import { describe, expect, it } from 'vitest';
import { createAtelier } from '../../src/core/app';
import { hfAccess } from '../../src/core/models/hf-url';
import { settingsView } from '../../src/core/settings';
import { AppError } from '../../src/shared/errors';
import { tmpDir } from '../helpers/tmp';

const TOKEN = 'hf_SeCrEtTokenValue0123Ab12';

describe('settings through the contract', () => {
  it('saves the Hugging Face token for the core and never sends it back, only a hint', async () => {
    const dir = tmpDir();
    const app = createAtelier({ dataDir: dir, host: 'memory', startJobs: false });
    const client = app.connect();
    const saved = await client.call('settings.update', { hfToken: `  ${TOKEN}\n` });
    expect(saved.hfTokenHint).toBe('…Ab12');
    expect(JSON.stringify(saved)).not.toContain('SeCrEt');
    expect(JSON.stringify(await client.call('settings.get', {}))).not.toContain('SeCrEt');
    // The model downloads read it from the core's settings (trimmed).
    expect(hfAccess(app.settings.get(), {}).token).toBe(TOKEN);
    await app.close();

    const again = createAtelier({ dataDir: dir, host: 'memory', startJobs: false });
    const c2 = again.connect();
    expect((await c2.call('settings.get', {})).hfTokenHint).toBe('…Ab12');
    expect((await c2.call('settings.update', { hfToken: '' })).hfTokenHint).toBeNull();
    expect(hfAccess(again.settings.get(), {}).token).toBeUndefined();
    await again.close();
  });

  it('changes only the settings a patch names', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory', startJobs: false });
    const client = app.connect();
    await client.call('settings.update', { language: 'zh-CN', hfToken: TOKEN, hfEndpoint: 'http://127.0.0.1:8090/mirror/', privateMode: true });
    const s = await client.call('settings.update', { theme: 'dark' });
    expect(s).toEqual({
      theme: 'dark', language: 'zh-CN', privateMode: true, hfEndpoint: 'http://127.0.0.1:8090/mirror/', hfTokenHint: '…Ab12', hfEndpointInEffect: 'http://127.0.0.1:8090/mirror/',
    });
    expect(app.settings.get().hfToken).toBe(TOKEN);
    await app.close();
  });

  it('refuses an endpoint that is not an http(s) address, keeping the saved one', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory', startJobs: false });
    const client = app.connect();
    for (const bad of ['huggingface.co', 'ftp://mirror.example/', 'javascript:alert(1)', 'http://', '']) {
      const err = (await client.call('settings.update', { hfEndpoint: bad }).catch((e: unknown) => e)) as AppError;
      expect(err, bad).toBeInstanceOf(AppError);
      expect(err.code, bad).toBe('INVALID_INPUT');
    }
    expect(() => app.settings.update({ hfEndpoint: 'file:///etc' })).toThrow(AppError);
    expect((await client.call('settings.get', {})).hfEndpoint).toBe('https://huggingface.co');
    expect((await client.call('settings.update', { hfEndpoint: ' https://hf-mirror.com ' })).hfEndpoint).toBe('https://hf-mirror.com');
    await app.close();
  });

  it('falls back to the default of a stored value that is no longer valid, and only of that one', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory', startJobs: false });
    app.settings.update({ theme: 'light' });
    app.db.prepare(`INSERT INTO settings (key, value) VALUES ('hfEndpoint', '"gopher://old"'), ('language', 'not json')`).run();
    expect(app.settings.get()).toMatchObject({ theme: 'light', language: 'en', hfEndpoint: 'https://huggingface.co' });
    await app.close();
  });
});

describe('the endpoint in effect', () => {
  it('is the HF_ENDPOINT of the core while the setting is the default, and the saved one otherwise', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory', startJobs: false });
    const client = app.connect();
    const was = process.env.HF_ENDPOINT;
    process.env.HF_ENDPOINT = 'https://hf-mirror.example.com';
    try {
      expect(await client.call('settings.get', {})).toMatchObject({ hfEndpoint: 'https://huggingface.co', hfEndpointInEffect: 'https://hf-mirror.example.com' });
      expect((await client.call('settings.update', { hfEndpoint: 'http://127.0.0.1:8090' })).hfEndpointInEffect).toBe('http://127.0.0.1:8090');
      expect((await client.call('settings.update', { hfEndpoint: 'https://huggingface.co' })).hfEndpointInEffect).toBe('https://hf-mirror.example.com');
      delete process.env.HF_ENDPOINT;
      expect((await client.call('settings.get', {})).hfEndpointInEffect).toBe('https://huggingface.co');
    } finally {
      if (was === undefined) delete process.env.HF_ENDPOINT;
      else process.env.HF_ENDPOINT = was;
    }
    await app.close();
  });
});

describe('settings view', () => {
  it('hints at a saved token without giving a short one away', () => {
    const base = { theme: 'system', language: 'en', privateMode: false, hfEndpoint: 'https://huggingface.co' } as const;
    const inEffect = base.hfEndpoint;
    expect(settingsView({ ...base, hfToken: '' }, inEffect).hfTokenHint).toBeNull();
    expect(settingsView({ ...base, hfToken: 'hf_short' }, inEffect).hfTokenHint).toBe('…');
    expect(settingsView({ ...base, hfToken: TOKEN }, inEffect)).toEqual({ ...base, hfTokenHint: '…Ab12', hfEndpointInEffect: inEffect });
  });
});
