import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAtelier } from '../../src/core/app';
import { JobManager, type JobKind } from '../../src/core/jobs';
import { jobKindLabels } from '../../src/renderer/app/pages';
import { tmpDir } from '../helpers/tmp';

afterEach(() => vi.restoreAllMocks());

describe('job kinds of the core', () => {
  it('each names the unit it counts and has a label in both languages in the jobs panel', async () => {
    const kinds: JobKind[] = [];
    const register = JobManager.prototype.register;
    vi.spyOn(JobManager.prototype, 'register').mockImplementation(function (this: JobManager, kind: JobKind<any, any>) {
      kinds.push(kind);
      register.call(this, kind);
    });
    const core = createAtelier({ dataDir: tmpDir(), host: 'memory', startJobs: false });
    await core.close();
    expect(kinds.map((k) => k.kind).sort()).toEqual(['export.kohya', 'import', 'model-download', 'tag', 'training.install']);
    const units = Object.fromEntries(kinds.map((k) => [k.kind, k.unit]));
    expect(units).toEqual({ import: 'files', tag: 'pictures', 'export.kohya': 'pictures', 'model-download': 'bytes', 'training.install': 'steps' });
    for (const k of kinds) {
      expect(jobKindLabels[k.kind]?.en, k.kind).toBeTruthy();
      expect(jobKindLabels[k.kind]?.['zh-CN'], k.kind).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
