import { isShim } from './shim';
import type { TrainOutputs } from './types';

/** Step and epoch accounting across resumes. Engines restart or miscount their counters on `--resume`
 * (musubi-tuner restarts step and epoch at 0; sd-scripts continues the epoch but restarts global_step, or with
 * `--skip_until_initial_step` sets it to the position inside the epoch), so each launch of the training step is
 * a segment, and what the engine reports is mapped onto the run's own axis: the first value a segment reports is
 * the one right after its resume point. Pure. */

export interface SegmentCounters {
  /** Absolute step and completed epochs of the state this segment resumed from (0 for the first launch). */
  resumeStep: number;
  resumeEpoch: number;
  /** Decided from the first value the engine reports in the segment; null until then. */
  stepOffset: number | null;
  epochOffset: number | null;
}

/** The offset that puts an engine's first reported value right after the resume point. A step of 0 comes first
 * when the engine logs gradient-accumulation micro-steps before the first optimizer step. */
export function decideOffset(resumeAt: number, firstSeen: number): number {
  return resumeAt - Math.max(0, firstSeen - 1);
}

/** Until the engine has reported, assume it restarted from 0, as both engines do by default. */
export const absoluteStep = (seg: SegmentCounters, engineStep: number): number => engineStep + (seg.stepOffset ?? seg.resumeStep);
export const absoluteEpoch = (seg: SegmentCounters, engineEpoch: number): number => engineEpoch + (seg.epochOffset ?? seg.resumeEpoch);

/** tqdm counts from 0 in every launch (its total is what is left), so its position is relative to the resume point. */
export const absoluteProgressStep = (seg: SegmentCounters, n: number): number => seg.resumeStep + n;

// --- argv editing, on the script's part of the command line (after the engine's .py, not the launch shim's),
// leaving accelerate's flags alone

function scriptStart(argv: readonly string[]): number {
  const i = argv.findIndex((a) => a.endsWith('.py') && !isShim(a));
  return i < 0 ? 0 : i + 1;
}

export function getFlag(argv: readonly string[], flag: string): string | null {
  for (let i = scriptStart(argv); i < argv.length; i++) {
    const a = argv[i]!;
    if (a === flag) return argv[i + 1] ?? '';
    if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
  }
  return null;
}

export function hasFlag(argv: readonly string[], flag: string): boolean {
  return argv.slice(scriptStart(argv)).some((a) => a === flag || a.startsWith(`${flag}=`));
}

/** Removes a flag and its value (`--f v` or `--f=v`; store_true flags with valueless: true). */
export function removeFlag(argv: readonly string[], flag: string, valueless = false): string[] {
  const out = argv.slice(0, scriptStart(argv));
  for (let i = out.length; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === flag) {
      if (!valueless) i++;
      continue;
    }
    if (a.startsWith(`${flag}=`)) continue;
    out.push(a);
  }
  return out;
}

export function setFlag(argv: readonly string[], flag: string, value: string): string[] {
  return [...removeFlag(argv, flag), flag, value];
}

/** musubi-tuner and sd-scripts both default to 1600 steps. */
const DEFAULT_MAX_TRAIN_STEPS = 1600;

export interface ResumeLaunch {
  argv: string[];
  /** The --output_name of this segment (suffixed when the engine restarts its counters). */
  outputName: string;
  /** What was changed and why, for the run log. */
  notes: string[];
}

/** The training command of a resumed launch: `--resume <state>`, plus what keeps the run consistent:
 * - this segment's files are named `<name>_r<seq>`, since restarted counters would overwrite earlier checkpoints;
 * - counters restart (musubi-tuner): train only the steps left (--max_train_steps; epochs left only while the
 *   run's total is not yet known);
 * - sd-scripts: `--skip_until_initial_step`, so it skips the batches already trained on instead of redoing the
 *   interrupted epoch from its start. */
export function resumeArgv(
  argv: readonly string[],
  o: {
    stateDir: string;
    resumeStep: number;
    resumeEpoch: number;
    seq: number;
    engine: string;
    train: TrainOutputs;
    /** The run's total optimizer steps, once the first launch has reported it. */
    totalSteps?: number | null;
  },
): ResumeLaunch {
  let out = setFlag(argv, '--resume', o.stateDir);
  const notes = [`Resuming from ${o.stateDir} (step ${o.resumeStep}, epoch ${o.resumeEpoch}).`];
  if (o.train.countersResetOnResume) {
    const epochs = getFlag(out, '--max_train_epochs');
    if (epochs !== null && o.totalSteps) {
      // --max_train_epochs wins over --max_train_steps in the engine: drop it, or a mid-epoch stop would train
      // the interrupted epoch's finished steps twice.
      const left = Math.max(1, o.totalSteps - o.resumeStep);
      out = setFlag(removeFlag(out, '--max_train_epochs'), '--max_train_steps', String(left));
      notes.push(`The engine restarts its counters on resume: training the ${left} steps left of ${o.totalSteps}.`);
    } else if (epochs !== null) {
      const left = Math.max(1, Number(epochs) - o.resumeEpoch);
      out = setFlag(out, '--max_train_epochs', String(left));
      notes.push(`The engine restarts its counters on resume: training the ${left} epochs left.`);
    } else {
      const steps = Number(getFlag(out, '--max_train_steps') ?? DEFAULT_MAX_TRAIN_STEPS);
      const left = Math.max(1, steps - o.resumeStep);
      out = setFlag(out, '--max_train_steps', String(left));
      notes.push(`The engine restarts its counters on resume: training the ${left} steps left.`);
    }
  } else if (o.engine === 'sd-scripts' && !hasFlag(out, '--skip_until_initial_step') && !hasFlag(out, '--initial_step') && !hasFlag(out, '--initial_epoch')) {
    out = [...out, '--skip_until_initial_step'];
    notes.push('Added --skip_until_initial_step: the batches already trained on are skipped.');
  }
  const outputName = `${o.train.outputName}_r${o.seq}`;
  out = setFlag(out, '--output_name', outputName);
  notes.push(`This part's files are named ${outputName}*; Atelier lists them on the run's own step axis.`);
  return { argv: out, outputName, notes };
}
