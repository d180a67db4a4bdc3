import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { AppError } from '../../../shared/errors';
import type { InstallInput, InstallResult, InstallStage } from '../../../shared/contract/training-engines';
import type { EngineId } from '../../../shared/contract/training-params';
import type { JobContext } from '../../jobs';
import { ENGINES } from '../registry';
import { pythonInRange } from './probe';
import { engineEnv } from './process-env';
import { venvPython } from './settings';

export interface InstallCommand extends InstallStage {
  title: string;
  argv: string[];
  cwd?: string;
}

export interface InstallPlanOptions {
  engine: EngineId;
  dir: string;
  source: string;
  commit: string;
  /** The folder already holds a git checkout (clone is skipped, the commit fetched). */
  existing: boolean;
  /** uv's path when it is used, else null (python -m venv + pip). */
  uv: string | null;
  basePython: string;
  torch: 'cu130' | 'cu128' | 'cu126' | 'cpu' | 'none';
  platform?: NodeJS.Platform;
}

/** The commands that install an engine, in order: pure, so the exact commands are unit-tested. `venvFrom` is the
 * interpreter the venv is created with (null: uv creates it, or it exists), whose version is checked first. */
export function installPlan(o: InstallPlanOptions): { commands: InstallCommand[]; python: string; venv: string; venvFrom: string | null } {
  const venv = join(o.dir, 'venv');
  const python = venvPython(venv, o.platform);
  const pip = (...args: string[]): string[] =>
    o.uv ? [o.uv, 'pip', 'install', '--python', python, ...args] : [python, '-m', 'pip', 'install', ...args];
  const commands: InstallCommand[] = [];
  const repo = ENGINES[o.engine].repo;
  if (o.existing) commands.push({ stage: 'fetch', details: {}, title: 'Fetch the engine', argv: ['git', '-C', o.dir, 'fetch', '--tags', 'origin'] });
  else commands.push({ stage: 'clone', details: { repo }, title: `Clone ${repo}`, argv: ['git', 'clone', '--no-checkout', o.source, o.dir] });
  const commit = o.commit.slice(0, 7);
  commands.push({ stage: 'checkout', details: { commit }, title: `Check out ${commit}`, argv: ['git', '-C', o.dir, 'checkout', '--detach', o.commit] });
  const createVenv = !existsSync(python);
  if (createVenv) {
    commands.push({
      stage: 'venv',
      details: {},
      title: 'Create the venv',
      // uv fetches a managed Python in the engines' supported range when the system has none.
      argv: o.uv ? [o.uv, 'venv', '--python', '3.12', venv] : [o.basePython, '-m', 'venv', venv],
    });
  }
  if (o.torch !== 'none') {
    commands.push({ stage: 'torch', details: { index: o.torch }, title: `Install PyTorch (${o.torch})`, argv: pip('torch', 'torchvision', '--index-url', `https://download.pytorch.org/whl/${o.torch}`) });
  }
  commands.push(
    o.engine === 'musubi-tuner'
      ? { stage: 'engine', details: { engine: o.engine }, title: 'Install musubi-tuner', argv: pip('-e', '.'), cwd: o.dir }
      : { stage: 'engine', details: { engine: o.engine }, title: 'Install sd-scripts requirements', argv: pip('-r', 'requirements.txt'), cwd: o.dir },
  );
  const extra = ENGINES[o.engine].extraPackages;
  if (extra.length) commands.push({ stage: 'extras', details: { packages: extra }, title: `Install ${extra.join(', ')}`, argv: pip(...extra) });
  return { commands, python, venv, venvFrom: createVenv && !o.uv ? o.basePython : null };
}

/** Refuses to create the venv with an interpreter outside the engine's supported range (a venv takes the version of
 * the Python that makes it, and the engine's requirements then fail to install, or install and break later). */
export async function checkBasePython(python: string, engine: EngineId, venv: string, env: NodeJS.ProcessEnv): Promise<string> {
  const pin = ENGINES[engine];
  const range = `>=${pin.python.min},<${pin.python.maxExclusive}`;
  const fix = `Install uv (Atelier then creates the venv with a managed Python 3.12), or create the venv yourself with a supported Python (e.g. python3.12 -m venv ${venv}) and install again: an existing venv is kept.`;
  const r = await execa(python, ['-c', 'import platform; print(platform.python_version())'], { env, reject: false, timeout: 30_000 });
  const version = r.exitCode === 0 ? String(r.stdout).trim().split(/\r?\n/).pop()! : null;
  if (!version || !/^\d+\.\d+/.test(version)) {
    const why = 'code' in r && r.code === 'ENOENT' ? 'was not found' : `did not run (${String(r.stderr).trim().split(/\r?\n/).pop() || `exit code ${r.exitCode}`})`;
    throw new AppError('ENGINE', `${python}, which would create the venv, ${why}; ${pin.title} needs Python ${range}. ${fix}`);
  }
  if (!pythonInRange(version, pin.python.min, pin.python.maxExclusive)) {
    throw new AppError('ENGINE', `${python} is Python ${version}; ${pin.title} needs Python ${range}. ${fix}`);
  }
  return version;
}

/** uv's path when it is on PATH. */
export async function findUv(env: NodeJS.ProcessEnv): Promise<string | null> {
  const r = await execa('uv', ['--version'], { reject: false, env, timeout: 10_000 });
  return r.exitCode === 0 ? 'uv' : null;
}

export interface InstallJobParams extends InstallInput {
  logPath: string;
}

export interface InstallJobState {
  stages: InstallStage[];
}

/** The install job: runs the plan, every line of output to the log, the stage as the job's progress. It keeps no
 * resume state (an interrupted install starts over): its state is the planned stages, which the window names in
 * its own language. */
export async function runInstall(ctx: JobContext<InstallJobParams, InstallJobState>, onInstalled: (r: InstallResult) => void): Promise<InstallResult> {
  const p = ctx.params;
  const pin = ENGINES[p.engine];
  const env = engineEnv(process.env);
  mkdirSync(dirname(p.logPath), { recursive: true });
  const log = (line: string) => appendFileSync(p.logPath, `${line}\n`);
  const uv = p.useUv === false ? null : await findUv(env);
  const plan = installPlan({
    engine: p.engine,
    dir: p.dir,
    source: p.source ?? pin.gitUrl,
    commit: p.commit ?? pin.commit,
    existing: existsSync(join(p.dir, '.git')),
    uv,
    basePython: p.basePython ?? (process.platform === 'win32' ? 'py' : 'python3'),
    torch: p.torch ?? 'cu128',
  });
  ctx.saveState({ stages: plan.commands.map((c) => ({ stage: c.stage, details: c.details })) });
  log(`# Installing ${pin.title} into ${p.dir} (${new Date().toISOString()})`);
  if (plan.venvFrom) {
    try {
      log(`# ${plan.venvFrom} is Python ${await checkBasePython(plan.venvFrom, p.engine, plan.venv, env)}`);
    } catch (err) {
      log(`# ${(err as Error).message}`);
      throw err;
    }
  }
  for (const [i, cmd] of plan.commands.entries()) {
    ctx.progress(i, plan.commands.length, cmd.title);
    log(`\n$ ${cmd.argv.join(' ')}${cmd.cwd ? `   (in ${cmd.cwd})` : ''}`);
    const tail: string[] = [];
    const sub = execa(cmd.argv[0]!, cmd.argv.slice(1), { cwd: cmd.cwd, env, all: true, reject: false, cancelSignal: ctx.signal, buffer: false });
    for await (const line of sub.iterable({ from: 'all' })) {
      const text = String(line);
      log(text);
      tail.push(text);
      if (tail.length > 20) tail.shift();
    }
    const r = await sub;
    if (ctx.signal.aborted) throw new AppError('CANCELLED', 'The install was cancelled.');
    if (r.exitCode !== 0) {
      const why = r.failed && !r.exitCode ? r.shortMessage : `exit code ${r.exitCode}`;
      log(`# ${cmd.title} failed: ${why}`);
      throw new AppError('ENGINE', `${cmd.title} failed (${why}): ${tail.slice(-3).join(' | ') || 'no output'}. Full log: ${p.logPath}`, { log: p.logPath });
    }
  }
  const head = await execa('git', ['-C', p.dir, 'rev-parse', 'HEAD'], { env, reject: false });
  const result: InstallResult = { engine: p.engine, path: p.dir, python: plan.python, commit: String(head.stdout).trim(), log: p.logPath };
  log(`# Installed at ${result.commit}`);
  ctx.progress(plan.commands.length, plan.commands.length, 'Installed');
  onInstalled(result);
  return result;
}
