import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG_FILE, hfAccess, hfFileUrl, isCommit, loadCatalog, normaliseEndpoint, parseCatalog } from '../../src/core/models';
import { AppError } from '../../src/shared/errors';
import { REPO } from '../helpers/tmp';

const raw = () => JSON.parse(readFileSync(join(REPO, CATALOG_FILE), 'utf8')) as { default: string; models: Record<string, unknown>[] };

describe('tagger catalog', () => {
  it('validates and lists the SmilingWolf WD v3 and v2 taggers with the facts we have', () => {
    const c = loadCatalog();
    expect(c.models.map((m) => m.id).sort()).toEqual(
      [
        'wd-convnext-tagger-v3',
        'wd-eva02-large-tagger-v3',
        'wd-swinv2-tagger-v3',
        'wd-v1-4-convnext-tagger-v2',
        'wd-v1-4-convnextv2-tagger-v2',
        'wd-v1-4-moat-tagger-v2',
        'wd-v1-4-swinv2-tagger-v2',
        'wd-v1-4-vit-tagger-v2',
        'wd-vit-large-tagger-v3',
        'wd-vit-tagger-v3',
      ].sort(),
    );
    for (const m of c.models) {
      expect(m.repo).toBe(`SmilingWolf/${m.id}`);
      expect(m.files.map((f) => f.name)).toEqual(['model.onnx', 'selected_tags.csv']);
      expect(m.inputSize).toBe(448);
      expect(m.licence).toBe('apache-2.0');
      expect(m.preprocess).toEqual({ kind: 'wd' });
      expect(m.thresholds).toMatchObject({ general: 0.35, character: 0.85 });
      expect(m.tagCount).toBe(m.family === 'wd-v3' ? 10861 : 9083);
      // Only pinned models carry hashes; the rest are recorded at the first download.
      if (m.files.some((f) => f.sha256)) expect(isCommit(m.revision)).toBe(true);
    }
    const vit = c.models.find((m) => m.id === 'wd-vit-tagger-v3')!;
    expect(vit.revision).toBe('7f6b584d0bd3f55c4531f14ba3d4761b2bccdc0f');
    expect(vit.files[0]).toMatchObject({ bytes: 378536310, sha256: '35f23693620b668f4d53fd3c62bf65e40af739bc52c7eb0fbc49258b58d065b6' });
    expect(vit.files[1]).toMatchObject({ bytes: 308468, sha256: '298633d94d0031d2081c0893f29c82eab7f0df00b08483ba8f29d1e979441217' });
    expect(c.models.filter((m) => m.batch === 'dynamic').map((m) => m.id)).toContain('wd-v1-4-swinv2-tagger-v2');
    expect(c.models.find((m) => m.id === 'wd-v1-4-moat-tagger-v2')!.batch).toBe(1);
    expect(c.default).toBe('wd-vit-tagger-v3');
  });

  it('rejects a broken catalog with every problem named', () => {
    const bad = raw();
    const first = bad.models[0]!;
    bad.models.push({ ...first });
    bad.models.push({ ...first, id: 'x-no-tags', files: [{ name: 'model.onnx', role: 'model', sha256: 'ABC' }] });
    bad.models.push({ ...first, id: 'x-config', preprocess: { kind: 'config', file: 'preprocess.json' } });
    bad.default = 'missing';
    let err: unknown;
    try {
      parseCatalog(bad, 'test');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    const msg = (err as AppError).message;
    expect(msg).toMatch(/duplicate model id "wd-vit-tagger-v3"/);
    expect(msg).toMatch(/"x-no-tags" needs exactly one file with role "tags"/);
    expect(msg).toMatch(/sha256 is 64 lowercase hex/);
    expect(msg).toMatch(/"x-config" reads a config file it does not download/);
    expect(msg).toMatch(/default model "missing"/);
  });

  it('accepts a model whose preprocessing comes from its own config file', () => {
    const c = raw();
    c.models.push({
      id: 'camie-tagger',
      name: 'Camie',
      family: 'camie',
      repo: 'deepghs/camie_tagger_onnx',
      revision: 'main',
      licence: 'unknown',
      files: [
        { name: 'model.onnx', role: 'model' },
        { name: 'selected_tags.csv', role: 'tags' },
        { name: 'preprocess.json', role: 'config' },
      ],
      inputSize: 512,
      batch: 'dynamic',
      thresholds: { general: 0.5, character: 0.5 },
      preprocess: { kind: 'config', file: 'preprocess.json' },
    });
    expect(parseCatalog(c, 'test').models.at(-1)!.preprocess).toEqual({ kind: 'config', file: 'preprocess.json' });
  });

  it('builds resolve URLs for huggingface.co and mirrors', () => {
    expect(hfFileUrl('https://huggingface.co', 'SmilingWolf/wd-vit-tagger-v3', 'main', 'model.onnx')).toBe(
      'https://huggingface.co/SmilingWolf/wd-vit-tagger-v3/resolve/main/model.onnx',
    );
    expect(hfFileUrl('http://127.0.0.1:8080/hf/', 'a/b', 'c'.repeat(40), 'x y.csv')).toBe(`http://127.0.0.1:8080/hf/a/b/resolve/${'c'.repeat(40)}/x%20y.csv`);
    expect(() => normaliseEndpoint('ftp://mirror')).toThrow(/http/);
    expect(() => normaliseEndpoint('huggingface')).toThrow(/not a URL/);
  });

  it('takes the endpoint and token from settings, else from HF_ENDPOINT / HF_TOKEN', () => {
    const dflt = { hfEndpoint: 'https://huggingface.co', hfToken: '' };
    expect(hfAccess(dflt, {})).toEqual({ endpoint: 'https://huggingface.co', token: undefined });
    expect(hfAccess(dflt, { HF_ENDPOINT: 'https://mirror.example/', HF_TOKEN: 'hf_env' })).toEqual({ endpoint: 'https://mirror.example', token: 'hf_env' });
    expect(hfAccess({ hfEndpoint: 'http://127.0.0.1:9', hfToken: ' hf_set ' }, { HF_ENDPOINT: 'https://mirror.example', HF_TOKEN: 'hf_env' })).toEqual({
      endpoint: 'http://127.0.0.1:9',
      token: 'hf_set',
    });
  });
});
