import type { StopFileWord } from './shim';

/** A stop's escalation, as a function of what is recorded in the run's row, so that any process can ask for a stop
 * and the supervisor that watches the run carries it through on its ticks, across restarts too. Stages:
 * 0 asked for, nothing sent yet; 1 asked the engine; 2 SIGINT; 3 SIGTERM; 4 the process tree killed. Each stage's
 * time is recorded (stop_stage_at), and the next is due a timeout after it. Pure.
 *
 * A training step under the launch shim is asked by the stop file alone, which the shim reads at every step: a
 * SIGINT to the process group would also reach the data loader's worker processes, which die of it, and the shim's
 * save at the next step would fail on them. SIGINT comes later, as an escalation of its own. Any other step (a
 * caching script, or Windows, which has no SIGINT for a process group) is asked by the stop file and SIGINT at once
 * and has no SIGINT stage. */

export type StopAction = 'ask' | 'interrupt' | 'terminate' | 'kill';

export const STAGE_AFTER: Record<StopAction, number> = { ask: 1, interrupt: 2, terminate: 3, kill: 4 };

export interface StopProgress {
  /** stop_mode: graceful, save, kill, cancel or nan. */
  mode: string;
  stage: number;
  /** When the current stage was reached (ms). */
  stageAt: number | null;
  /** "Save and stop" on an engine that saves states on a schedule: ask only once the next one is saved. */
  waitForSave: boolean;
  /** A complete state folder appeared on this tick. */
  stateSaved: boolean;
  /** The ask is the stop file only, and SIGINT a stage of its own (a training step under the shim, on POSIX). */
  interruptStage: boolean;
}

/** The next action due, or null while none is: `interruptMs` after the ask, then `terminateMs` after each signal. */
export function dueStopAction(p: StopProgress, now: number, interruptMs: number, terminateMs: number): StopAction | null {
  if (p.stage >= STAGE_AFTER.kill) return null;
  if (p.mode === 'kill' || p.mode === 'cancel') return 'kill';
  const since = now - (p.stageAt ?? now);
  if (p.stage === 0) return p.waitForSave && !p.stateSaved ? null : 'ask';
  if (p.stage === STAGE_AFTER.ask) return since < interruptMs ? null : p.interruptStage ? 'interrupt' : 'terminate';
  return since < terminateMs ? null : p.stage === STAGE_AFTER.interrupt ? 'terminate' : 'kill';
}

/** What the stop file asks of the launch shim: a state at the next step, unless one was just saved (save and stop
 * on a schedule) or is not worth keeping (the loss is NaN). */
export const stopFileWord = (p: Pick<StopProgress, 'mode' | 'waitForSave'>): StopFileWord => (p.mode === 'nan' || (p.mode === 'save' && p.waitForSave) ? 'exit' : 'save');
