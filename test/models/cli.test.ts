import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { atelier } from '../cli/run-cli';
import { SHARED, tmpDir } from '../helpers/tmp';
import { COMMIT_A, fakeFile, startFakeHf, type FakeHf } from './hf-server';

const servers: FakeHf[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

describe('atelier models (built CLI)', () => {
  it('downloads from HF_ENDPOINT with HF_TOKEN, lists, and deletes', async () => {
    const repo = 'SmilingWolf/wd-convnext-tagger-v3';
    const s = await startFakeHf({ commit: COMMIT_A, requireToken: 'hf_env', files: [fakeFile(repo, 'model.onnx', 400_000), fakeFile(repo, 'selected_tags.csv', 900, false)] });
    servers.push(s);
    const data = tmpDir();
    const env = { HF_ENDPOINT: s.endpoint, HF_TOKEN: 'hf_env' };
    const dl = await atelier(data, ['models', 'download', 'wd-convnext-tagger-v3'], env);
    expect(dl.stderr).not.toMatch(/atelier:/);
    expect(dl.code).toBe(0);
    expect(dl.stdout).toMatch(/Download WD ConvNeXt v3 \(#1\) done/);
    expect(existsSync(join(data, 'models', 'wd-convnext-tagger-v3', 'model.onnx'))).toBe(true);

    const catalog = await atelier(data, ['models', 'catalog']);
    expect(catalog.stdout).toMatch(/wd-convnext-tagger-v3\s+WD ConvNeXt v3\s+\S+ \S+\s+dynamic\s+ready/);
    expect((await atelier(data, ['models', 'delete', 'wd-convnext-tagger-v3'])).stdout).toMatch(/Deleted \(\d+ KB freed\)/);
  });

  it('fails a download with the reason and exit code 1 when the endpoint is unreachable', async () => {
    const s = await startFakeHf({ commit: COMMIT_A, files: [] });
    await s.close();
    const r = await atelier(tmpDir(), ['models', 'download', 'wd-convnext-tagger-v3'], { HF_ENDPOINT: s.endpoint });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Could not connect to 127\.0\.0\.1:\d+: the connection was refused/);
  });

  it('adds a local folder and reports providers', async () => {
    const data = tmpDir();
    const add = await atelier(data, ['models', 'add', join(SHARED, 'models', 'tagger-test', 'wd-test-fixed-batch'), '--name', 'Fixed']);
    expect(add.stdout).toMatch(/Added Fixed as local-fixed/);
    const list = JSON.parse((await atelier(data, ['models', 'list', '--json'])).stdout) as { id: string; status: string }[];
    expect(list).toMatchObject([{ id: 'local-fixed', status: 'ready' }]);
    const text = await atelier(data, ['models', 'providers']);
    expect(text.stdout).toMatch(/^CPU\s+yes/m);
    expect(text.stdout).toMatch(/^auto uses /m);
    expect(text.stderr).toBe('');
  });
});
