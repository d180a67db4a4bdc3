import type { StopFileWord } from './shim';

/** A stop's escalation, as a function of what is recorded in the run's row, so that any process can ask for a stop
 * and the supervisor that watches the run carries it through on its ticks, across restarts too. Stages:
 * 0 asked for, nothing sent yet; 1 asked the engine (the stop file, and SIGINT on POSIX); 2 SIGTERM; 3 the process
 * tree killed. Each stage's time is recorded (stop_stage_at), and the next is due a timeout after it. Pure. */

export type StopAction = 'ask' | 'terminate' | 'kill';

export const STAGE_AFTER: Record<StopAction, number> = { ask: 1, terminate: 2, kill: 3 };

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
}

/** The next action due, or null while none is. */
export function dueStopAction(p: StopProgress, now: number, interruptMs: number, terminateMs: number): StopAction | null {
  if (p.stage >= 3) return null;
  if (p.mode === 'kill' || p.mode === 'cancel') return 'kill';
  const since = now - (p.stageAt ?? now);
  if (p.stage === 0) return p.waitForSave && !p.stateSaved ? null : 'ask';
  if (p.stage === 1) return since >= interruptMs ? 'terminate' : null;
  return since >= terminateMs ? 'kill' : null;
}

/** What the stop file asks of the launch shim: a state at the next step, unless one was just saved (save and stop
 * on a schedule) or is not worth keeping (the loss is NaN). */
export const stopFileWord = (p: Pick<StopProgress, 'mode' | 'waitForSave'>): StopFileWord => (p.mode === 'nan' || (p.mode === 'save' && p.waitForSave) ? 'exit' : 'save');
