import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, tmpDir } from '../helpers/tmp';
import { atelier } from './run-cli';

describe('atelier export (built CLI)', () => {
  it('writes the kohya layout with repeats and concept name, and reports it as text and JSON', async () => {
    const data = tmpDir();
    const out = join(tmpDir(), 'export');
    expect((await atelier(data, ['import', join(FIXTURES, 'anime'), '--dataset', 'Anime'])).code).toBe(0);

    const text = await atelier(data, ['export', '--dataset', 'anime', '--format', 'kohya', '--out', out, '--repeats', '5', '--name', 'eileen']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`Exported 13 pictures to ${join(out, '5_eileen')}`);
    const files = readdirSync(join(out, '5_eileen')).sort();
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(13);
    expect(files.filter((f) => f.endsWith('.txt'))).toHaveLength(13);

    const out2 = join(tmpDir(), 'export2');
    const json = await atelier(data, ['export', '--dataset', 'Anime', '--format', 'kohya', '--out', out2, '--json']);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.stdout) as { job: { status: string }; result: { imageDir: string; imageCount: number; sdScriptsToml: string; musubiToml: string } };
    expect(r.job.status).toBe('done');
    expect(r.result).toMatchObject({ imageDir: join(out2, '1_Anime'), imageCount: 13 });
    expect(existsSync(r.result.sdScriptsToml)).toBe(true);
    expect(existsSync(r.result.musubiToml)).toBe(true);
  });

  it('fails clearly for an unknown dataset', async () => {
    const r = await atelier(tmpDir(), ['export', '--dataset', 'Nope', '--format', 'kohya', '--out', tmpDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('There is no dataset named "Nope"');
  });
});
