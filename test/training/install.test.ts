// "Install engine" against a local bare git repository the test creates: clone, pinned checkout, venv (real
// python -m venv), requirements; then a re-run over the existing checkout; and the exact commands for uv and torch.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InstallResult } from '../../src/shared/contract/training-engines';
import type { JobContext } from '../../src/core/jobs';
import { installPlan, runInstall, type InstallJobParams, type InstallJobState } from '../../src/core/training/engines-setup';
import { createAtelier } from '../../src/core/app';
import { tmpDir } from '../helpers/tmp';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();

/** A bare repository shaped like sd-scripts with two commits; returns its path and the first (pinned) commit. */
function engineRepo(root: string): { url: string; pinned: string; latest: string } {
  const work = join(root, 'work');
  mkdirSync(work);
  git(work, 'init', '-q', '-b', 'main');
  writeFileSync(join(work, 'requirements.txt'), '# nothing to install offline\n');
  writeFileSync(join(work, 'train_network.py'), 'print("v1")\n');
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'v1');
  const pinned = git(work, 'rev-parse', 'HEAD');
  writeFileSync(join(work, 'train_network.py'), 'print("v2")\n');
  git(work, 'commit', '-q', '-am', 'v2');
  const latest = git(work, 'rev-parse', 'HEAD');
  const url = join(root, 'sd-scripts.git');
  git(root, 'clone', '-q', '--bare', work, url);
  return { url, pinned, latest };
}

function jobContext(params: InstallJobParams, stages: string[]): JobContext<InstallJobParams, InstallJobState> {
  return {
    id: 1,
    params,
    state: undefined,
    signal: new AbortController().signal,
    progress: (_d, _t, message) => {
      if (message) stages.push(message);
    },
    saveState: () => {},
    fileError: () => {},
  };
}

describe('install engine', () => {
  it('clones the pinned commit, creates the venv, installs requirements, and logs every command (as a job)', async () => {
    const root = tmpDir();
    const repo = engineRepo(root);
    const dir = join(root, 'engines', 'sd-scripts');
    const app = createAtelier({ dataDir: join(root, 'data'), host: 'memory' });
    const client = app.connect();
    const { jobId } = await client.call('training.install', { engine: 'sd-scripts', dir, source: repo.url, commit: repo.pinned, basePython: '/usr/bin/python3', torch: 'none', useUv: false });
    const job = await app.jobs.wait(jobId);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    const r = job.result as InstallResult;
    expect(r.commit).toBe(repo.pinned);
    expect(readFileSync(join(dir, 'train_network.py'), 'utf8')).toBe('print("v1")\n');
    expect(execFileSync(r.python, ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' }).trim()).toBe(join(dir, 'venv'));
    // The engine now points at the checkout and its venv.
    const engine = (await client.call('training.engines', {})).find((e) => e.id === 'sd-scripts')!;
    expect(engine).toMatchObject({ path: dir, python: null, resolvedPython: r.python, pinnedCommit: '48d368fa557731ad0488c07304dfeba8c07910eb' });
    const log = await client.call('training.installLog', { jobId, tail: 1000 });
    expect(log.path).toBe(r.log);
    expect(log.lines).toContain(`$ git clone --no-checkout ${repo.url} ${dir}`);
    expect(log.lines.join('\n')).toContain('-m pip install -r requirements.txt');
    expect(log.lines.at(-1)).toBe(`# Installed at ${repo.pinned}`);
    // The stages by cause, for the window to name in its language (done counts those finished).
    expect(log.stages).toEqual([
      { stage: 'clone', details: { repo: 'kohya-ss/sd-scripts' } },
      { stage: 'checkout', details: { commit: repo.pinned.slice(0, 7) } },
      { stage: 'venv', details: {} },
      { stage: 'engine', details: { engine: 'sd-scripts' } },
    ]);
    expect(job).toMatchObject({ done: 4, total: 4 });
    await app.close();

    // Again, to another commit: the checkout is reused (fetch, no clone) and the venv kept.
    const again: string[] = [];
    const params: InstallJobParams = { engine: 'sd-scripts', dir, source: repo.url, commit: repo.latest, torch: 'none', useUv: false, logPath: join(root, 'again.log') };
    const r2 = await runInstall(jobContext(params, again), () => {});
    expect(r2.commit).toBe(repo.latest);
    expect(again).toEqual(['Fetch the engine', `Check out ${repo.latest.slice(0, 7)}`, 'Install sd-scripts requirements', 'Installed']);
  }, 60_000);

  it('fails with the failing command, its output and the log path', async () => {
    const root = tmpDir();
    const logPath = join(root, 'install.log');
    const params: InstallJobParams = { engine: 'musubi-tuner', dir: join(root, 'm'), source: join(root, 'no-such-repo.git'), commit: 'abcdef1', torch: 'none', useUv: false, logPath };
    const err = (await runInstall(jobContext(params, []), () => {}).catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ code: 'ENGINE' });
    expect(err.message).toMatch(/^Clone kohya-ss\/musubi-tuner failed \(exit code 128\): .*no-such-repo.*Full log: /);
    expect(readFileSync(logPath, 'utf8')).toContain('# Clone kohya-ss/musubi-tuner failed');
  });

  it('checks the base Python against the engine’s range before cloning or creating the venv', async () => {
    const root = tmpDir();
    const repo = engineRepo(root);
    // An interpreter that reports 3.13 (outside musubi-tuner's >=3.10,<3.13), as a real process.
    const py313 = join(root, 'python3.13');
    writeFileSync(py313, '#!/bin/sh\necho 3.13.1\n');
    chmodSync(py313, 0o755);
    const logPath = join(root, 'install.log');
    const dir = join(root, 'engines', 'm');
    const params: InstallJobParams = { engine: 'musubi-tuner', dir, source: repo.url, commit: repo.pinned, basePython: py313, torch: 'none', useUv: false, logPath };
    const stages: string[] = [];
    const err = (await runInstall(jobContext(params, stages), () => {}).catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ code: 'ENGINE' });
    expect(err.message).toBe(
      `${py313} is Python 3.13.1; musubi-tuner needs Python >=3.10,<3.13. Install uv (Atelier then creates the venv with a managed Python 3.12), or create the venv yourself with a supported Python (e.g. python3.12 -m venv ${join(dir, 'venv')}) and install again: an existing venv is kept.`,
    );
    expect(stages).toEqual([]);
    expect(existsSync(dir)).toBe(false);
    expect(readFileSync(logPath, 'utf8')).toContain(`# ${py313} is Python 3.13.1;`);
    // One that cannot run at all.
    const missing = (await runInstall(jobContext({ ...params, basePython: join(root, 'nope') }, []), () => {}).catch((e: unknown) => e)) as Error;
    expect(missing.message).toMatch(/nope, which would create the venv, was not found; musubi-tuner needs Python >=3\.10,<3\.13\. Install uv/);
    // With uv, or with a venv already there, the base interpreter is not used: nothing to check.
    const base = { engine: 'musubi-tuner' as const, dir: '/e/m', source: 's', commit: 'c0ffee1', existing: true, basePython: 'python3', torch: 'none' as const, platform: 'linux' as const };
    expect(installPlan({ ...base, uv: null }).venvFrom).toBe('python3');
    expect(installPlan({ ...base, uv: 'uv' }).venvFrom).toBeNull();
  });

  it('plans uv venvs and the CUDA torch index before the engine requirements', () => {
    const plan = installPlan({ engine: 'musubi-tuner', dir: '/e/musubi', source: 'https://x/m.git', commit: '30c658c4f4b0bf05038b3346eff9670259b10fc7', existing: false, uv: 'uv', basePython: 'python3', torch: 'cu128', platform: 'linux' });
    expect(plan.python).toBe('/e/musubi/venv/bin/python');
    expect(plan.commands.map((c) => c.argv.join(' '))).toEqual([
      'git clone --no-checkout https://x/m.git /e/musubi',
      'git -C /e/musubi checkout --detach 30c658c4f4b0bf05038b3346eff9670259b10fc7',
      'uv venv --python 3.12 /e/musubi/venv',
      'uv pip install --python /e/musubi/venv/bin/python torch torchvision --index-url https://download.pytorch.org/whl/cu128',
      'uv pip install --python /e/musubi/venv/bin/python -e .',
      // Every run logs to TensorBoard; musubi-tuner's pyproject has it only as a dev dependency.
      'uv pip install --python /e/musubi/venv/bin/python tensorboard',
    ]);
    expect(plan.commands.at(-1)?.title).toBe('Install tensorboard');
    const win = installPlan({ engine: 'sd-scripts', dir: 'C:\\e\\sd', source: 's', commit: 'c0ffee1', existing: true, uv: null, basePython: 'py', torch: 'cu126', platform: 'win32' });
    // sd-scripts' requirements.txt has tensorboard: nothing is installed after it.
    expect(win.commands.at(-1)?.argv.slice(-3)).toEqual(['install', '-r', 'requirements.txt']);
    const pip = installPlan({ engine: 'musubi-tuner', dir: '/e/m', source: 's', commit: 'c0ffee1', existing: true, uv: null, basePython: 'python3', torch: 'none', platform: 'linux' });
    expect(pip.commands.slice(-2).map((c) => c.argv.join(' '))).toEqual(['/e/m/venv/bin/python -m pip install -e .', '/e/m/venv/bin/python -m pip install tensorboard']);
  });
});
