import { resolve } from 'node:path';
import type { PlanInput, PlanResult, TrainingRun } from '../../shared/contract';
import { memoryPresetIds, shellFor, stepsScript, stopModes, type EngineId, engineIds, type StopMode } from '../../shared/contract';
import type { Client } from '../../shared/rpc';
import { getModel, parseSetArgs } from '../../core/training/registry';
import { optionalString, printJson, println, requireString, UsageError, type CliContext, type Command } from '../command';
import { requireDataset } from '../datasets';
import { formatDuration, oneLine, table } from '../format';
import { reportJobs, watchJobs } from '../jobs';
import { renderBar, renderLine } from '../progress';

const ACTIONS = ['plan', 'run', 'status', 'stop', 'resume', 'models', 'settings', 'paths', 'engine', 'doctor', 'install'] as const;

function strings(ctx: CliContext, name: string): string[] {
  const v = ctx.values[name];
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}

function runId(ctx: CliContext): number {
  const raw = ctx.positionals[1];
  const n = Number(raw);
  if (!raw || !Number.isInteger(n) || n < 1) throw new UsageError(`train ${ctx.positionals[0]} needs a run number (see \`atelier train status\`).`);
  return n;
}

function engineArg(ctx: CliContext): EngineId {
  const e = ctx.positionals[1];
  if (!e || !(engineIds as readonly string[]).includes(e)) throw new UsageError(`train ${ctx.positionals[0]} needs an engine: ${engineIds.join(' or ')}.`);
  return e as EngineId;
}

/** The plan request from the options: dataset, model, presets and `--set key=value` parsed by the model's declarations. */
async function planInput(ctx: CliContext, client: Client): Promise<PlanInput> {
  const dataset = await requireDataset(client, requireString(ctx, 'dataset', 'the dataset to train on.'));
  const modelType = requireString(ctx, 'model', 'a model type (see `atelier train models`).');
  const memory = optionalString(ctx, 'memory');
  if (memory && !(memoryPresetIds as readonly string[]).includes(memory)) throw new UsageError(`--memory must be one of ${memoryPresetIds.join(', ')}.`);
  return {
    datasetId: dataset.id,
    modelType,
    preset: optionalString(ctx, 'preset'),
    memoryPreset: memory as PlanInput['memoryPreset'],
    values: parseSetArgs(getModel(modelType), strings(ctx, 'set')),
    gpu: optionalString(ctx, 'gpu'),
  };
}

function printPlan(ctx: CliContext, r: PlanResult): void {
  if (ctx.json) {
    printJson(ctx, { steps: r.plan.steps.map((s) => ({ name: s.name, argv: s.argv, env: s.env })), unsetEnv: r.unsetEnv, files: r.plan.files, issues: r.issues, runDir: r.runDir });
    return;
  }
  println(ctx, `Run folder: ${r.runDir}`);
  println(ctx, `Dataset export: ${r.exportDir}`);
  for (const [path, text] of Object.entries(r.plan.files)) println(ctx, `\n# ${path}\n${text.trimEnd()}`);
  println(ctx, `\n# The commands (${r.plan.steps.map((s) => s.name).join(', ')}), in the environment Atelier gives them`);
  println(ctx, stepsScript(r.plan.steps, r.unsetEnv, shellFor(process.platform)));
  printIssues(ctx, r);
}

function printIssues(ctx: CliContext, r: PlanResult): void {
  if (!r.issues.length) return;
  println(ctx, '\nPre-flight:');
  for (const i of r.issues) println(ctx, `  ${i.severity === 'error' ? 'error  ' : 'warning'} ${i.key ? `[${i.key}] ` : ''}${i.message}`);
}

const ENDED = new Set<TrainingRun['status']>(['done', 'failed', 'stopped', 'cancelled']);

/** What a stop does to a run as it stands (its step, an earlier stronger stop), said as it is. */
export function stopNotice(run: TrainingRun, asked: StopMode): string {
  const n = `run #${run.id}`;
  if (run.status === 'cancelled') return `Cancelled ${n}: it had not started.`;
  const mode = run.stopMode ?? asked;
  if (mode === 'kill') return `Killing ${n}'s processes: what it trained since its last saved state is lost.`;
  if (run.steps.find((s) => s.name === run.currentStep)?.kind !== 'train') {
    return `Stopping ${n} in its ${run.currentStep ?? 'current'} step, which has nothing to save: resuming the run does that step again.`;
  }
  const where =
    mode === 'save'
      ? 'at its next state save: the next scheduled one if it saves states on a schedule, else one made at its next training step'
      : 'at its next training step, after saving its state there';
  return `Stopping ${n} ${where}. If the engine does not respond, Atelier ends it (SIGINT, SIGTERM, then a kill) while it watches the run.`;
}

/** Follows a run with a progress bar on stderr until it ends. Ctrl+C asks for a graceful stop (state saved). */
async function follow(ctx: CliContext, client: Client, id: number): Promise<TrainingRun> {
  const tty = !!ctx.stderr.isTTY;
  let last = 0;
  let drawn = false;
  let settle!: (r: TrainingRun) => void;
  const ended = new Promise<TrainingRun>((r) => (settle = r));
  let latest: TrainingRun | null = null;
  const show = (run: TrainingRun) => {
    latest = run;
    if (ENDED.has(run.status)) return settle(run);
    const now = Date.now();
    if (now - last < (tty ? 100 : 2000)) return;
    last = now;
    const p = run.progress;
    const training = run.currentStep === 'train';
    const bar = {
      label: `#${run.id} ${run.currentStep ?? run.status}${training && p.loss !== null ? ` loss ${p.loss.toFixed(4)}` : ''}`,
      done: (training ? p.step : p.stepDone) ?? 0,
      total: (training ? p.totalSteps : p.stepTotal) ?? 0,
      rate: training ? p.rate : null,
      etaSeconds: training ? p.etaSeconds : null,
    };
    if (tty) {
      ctx.stderr.write(`\r${renderBar(bar, ctx.stderr.columns || 80).replace('files/s', 'it/s')}\x1b[K`);
      drawn = true;
    } else ctx.stderr.write(`${renderLine(bar).replace('files/s', 'it/s')}\n`);
  };
  const off = client.on('training.run', (run) => run.id === id && show(run));
  const stop = () => {
    const notice = latest ? stopNotice(latest, 'graceful') : `Stopping run #${id}.`;
    ctx.stderr.write(`\natelier: ${notice} Ctrl+C again stops following it (the engine has been asked already).\n`);
    void client.call('training.stop', { runId: id, mode: 'graceful' }).catch(() => {});
  };
  ctx.signal.addEventListener('abort', stop, { once: true });
  try {
    show(await client.call('training.run', { runId: id }));
    return await ended;
  } finally {
    off();
    ctx.signal.removeEventListener('abort', stop);
    if (tty && drawn) ctx.stderr.write('\r\x1b[K');
  }
}

function describeRun(run: TrainingRun): string {
  const p = run.progress;
  const lines = [`Run #${run.id} ${run.title}: ${run.status}${run.currentStep ? ` (${run.currentStep})` : ''}`];
  if (p.step !== null) lines.push(`  step ${p.step}/${p.totalSteps ?? '?'}${p.epoch !== null ? `, epoch ${p.epoch}/${p.totalEpochs ?? '?'}` : ''}${p.loss !== null ? `, loss ${p.loss.toFixed(4)}` : ''}${p.etaSeconds !== null && run.status === 'running' ? `, ETA ${formatDuration(p.etaSeconds)}` : ''}`);
  if (run.error) lines.push(`  ${run.error.title}: ${run.error.message}`, `  Fix: ${run.error.fix}`);
  if (run.resumeState) lines.push(`  Resumable from ${run.resumeState}${run.resumeStep !== null ? ` (step ${run.resumeStep})` : ''}: atelier train resume ${run.id}`);
  return lines.join('\n');
}

function exitCodeOf(run: TrainingRun): number {
  return run.status === 'done' ? 0 : run.status === 'stopped' ? 130 : 1;
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train LoRAs: plan (print every command and file), run with progress, status, stop, resume; models, settings, model paths, engines.',
  usage:
    'train plan|run --dataset NAME --model TYPE [--preset P] [--memory low|medium|high] [--set key=value ...] [--gpu N] | train status [RUN] | train stop RUN [--mode graceful|save|kill] | train resume RUN | train models | train settings --model TYPE | train paths [--model TYPE --set key=PATH ...] | train engine ENGINE [--path DIR] [--python EXE] | train doctor ENGINE | train install ENGINE --path DIR',
  options: {
    dataset: { type: 'string', short: 'd' },
    model: { type: 'string', short: 'm' },
    preset: { type: 'string' },
    memory: { type: 'string' },
    set: { type: 'string', multiple: true, short: 's' },
    gpu: { type: 'string' },
    mode: { type: 'string' },
    path: { type: 'string' },
    python: { type: 'string' },
  },
  positionals: true,
  async run(ctx) {
    const action = ctx.positionals[0];
    if (!action || !(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`train needs an action: ${ACTIONS.join(', ')}.`);

    // Running work (the supervisor, the install job) happens inside this process, so those actions start the queue.
    const { client } = ctx.open({ startJobs: action === 'run' || action === 'resume' || action === 'install' });
    if (action === 'plan') return printPlan(ctx, await client.call('training.plan', await planInput(ctx, client)));

    if (action === 'run' || action === 'resume') {
      // The run is followed to its end (or stopped with Ctrl+C).
      let run: TrainingRun;
      if (action === 'run') {
        const input = await planInput(ctx, client);
        const r = await client.call('training.plan', input);
        if (r.issues.some((i) => i.severity === 'error')) {
          printIssues(ctx, r);
          throw new UsageError('The run cannot start: fix the pre-flight errors above (see `atelier train settings --model TYPE`).');
        }
        run = await client.call('training.enqueue', input);
      } else run = await client.call('training.resume', { runId: runId(ctx) });
      if (!ctx.json) println(ctx, `Run #${run.id} queued: ${run.title}`);
      const final = await follow(ctx, client, run.id);
      if (ctx.json) printJson(ctx, final);
      else println(ctx, describeRun(final));
      return exitCodeOf(final);
    }

    switch (action) {
      case 'status': {
        if (ctx.positionals[1]) {
          const run = await client.call('training.run', { runId: runId(ctx) });
          return ctx.json ? printJson(ctx, run) : println(ctx, describeRun(run));
        }
        const runs = await client.call('training.runs', {});
        if (ctx.json) return printJson(ctx, runs);
        if (!runs.length) return println(ctx, 'No training runs yet. Start one with `atelier train run --dataset NAME --model TYPE`.');
        const rows = [['RUN', 'STATUS', 'STEP', 'LOSS', 'TITLE']];
        for (const r of runs) {
          const p = r.progress;
          rows.push([`#${r.id}`, r.status, p.step !== null ? `${p.step}/${p.totalSteps ?? '?'}` : '-', p.loss !== null ? p.loss.toFixed(4) : '-', oneLine(r.title, 60)]);
        }
        return println(ctx, table(rows));
      }
      case 'stop': {
        const mode = optionalString(ctx, 'mode') ?? 'graceful';
        if (!(stopModes as readonly string[]).includes(mode)) throw new UsageError(`--mode must be one of ${stopModes.join(', ')}.`);
        const run = await client.call('training.stop', { runId: runId(ctx), mode: mode as StopMode });
        return ctx.json ? printJson(ctx, run) : println(ctx, `${stopNotice(run, mode as StopMode)}\n${describeRun(run)}`);
      }
      case 'models': {
        const models = await client.call('training.models', {});
        if (ctx.json) return printJson(ctx, models);
        return println(ctx, table([['TYPE', 'ENGINE', 'DATASETS', 'TITLE'], ...models.map((m) => [m.type, m.engine, m.datasetKinds.join(','), m.title])]));
      }
      case 'settings': {
        const schema = await client.call('training.schema', { modelType: requireString(ctx, 'model', 'a model type (see `atelier train models`).') });
        if (ctx.json) return printJson(ctx, schema);
        const rows = [['KEY', 'GROUP', 'DEFAULT', 'LABEL']];
        for (const p of schema.params) rows.push([p.key, p.group, p.default === null ? '-' : JSON.stringify(p.default), p.label]);
        println(ctx, table(rows));
        println(ctx, `\nPresets (--preset): ${schema.model.presets.map((p) => p.id).join(', ')}; memory presets (--memory): ${schema.model.memoryPresets.map((p) => p.id).join(', ')}.`);
        return;
      }
      case 'paths': {
        const model = optionalString(ctx, 'model');
        const sets = strings(ctx, 'set');
        if (sets.length) {
          if (!model) throw new UsageError('train paths --set needs --model TYPE (family paths are shared by its family).');
          const spec = getModel(model);
          const patch = { families: {} as Record<string, Record<string, string>>, models: {} as Record<string, Record<string, string>> };
          for (const s of sets) {
            const eq = s.indexOf('=');
            const key = s.slice(0, eq);
            const p = spec.params.find((x) => x.key === key && x.path);
            if (eq <= 0 || !p?.path) throw new UsageError(`${model} has no model path "${key}". Paths: ${spec.params.filter((x) => x.path).map((x) => x.key).join(', ')}.`);
            const value = s.slice(eq + 1) ? resolve(s.slice(eq + 1)) : '';
            const bucket = p.path.scope === 'family' ? (patch.families[spec.family] ??= {}) : (patch.models[spec.type] ??= {});
            bucket[key] = value;
          }
          await client.call('training.setModelPaths', patch);
        }
        const view = await client.call('training.modelPaths', {});
        if (ctx.json) return printJson(ctx, view);
        const rows = [['SCOPE', 'KEY', 'PATH']];
        for (const f of view.families) for (const field of f.fields) rows.push([`${f.id} family`, field.key, f.values[field.key] ?? '-']);
        for (const m of view.models) for (const field of m.fields) rows.push([m.type, field.key, m.values[field.key] ?? '-']);
        return println(ctx, table(rows));
      }
      case 'engine': {
        const engine = engineArg(ctx);
        const path = optionalString(ctx, 'path');
        const python = optionalString(ctx, 'python');
        const status =
          path !== undefined || python !== undefined
            ? await client.call('training.setEngine', { engine, ...(path !== undefined ? { path: path ? resolve(path) : null } : {}), ...(python !== undefined ? { python: python ? resolve(python) : null } : {}) })
            : (await client.call('training.engines', {})).find((e) => e.id === engine)!;
        if (ctx.json) return printJson(ctx, status);
        return println(ctx, `${status.title}: folder ${status.path ?? '(not set)'}, python ${status.resolvedPython ?? '(none found)'}; pinned ${status.repo}@${status.pinnedCommit.slice(0, 7)}`);
      }
      case 'doctor': {
        const report = await client.call('training.doctor', { engine: engineArg(ctx) });
        if (ctx.json) printJson(ctx, report);
        else {
          for (const c of report.checks) {
            println(ctx, `${c.status.toUpperCase().padEnd(7)} ${c.title}: ${c.detail}`);
            if (c.fix && c.status !== 'ok') println(ctx, `        Fix: ${c.fix}`);
          }
        }
        return report.ok ? 0 : 1;
      }
      case 'install': {
        const engine = engineArg(ctx);
        const dir = resolve(requireString(ctx, 'path', 'the folder to install the engine into.'));
        const { jobId } = await client.call('training.install', { engine, dir });
        const outcomes = await watchJobs(ctx, client, [jobId]);
        if (ctx.json) printJson(ctx, outcomes[0]!.job);
        return reportJobs(ctx, outcomes);
      }
    }
  },
};
