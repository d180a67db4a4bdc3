/** Time a notification stays after the pointer leaves it, however little was left before. */
export const AFTER_HOVER_MS = 1500;

export interface Countdown {
  /** Starts, or goes on after a pause. */
  run(): void;
  pause(): void;
  /** Ends it without calling back. */
  stop(): void;
}

/** Calls `done` once `ms` have run, not counting pauses (a notification under the pointer stays while it is
 * read, then closes after what was left of its time, not a whole new one). */
export function countdown(ms: number, done: () => void): Countdown {
  let left = ms;
  let since = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let over = false;
  const pause = () => {
    if (!timer) return;
    clearTimeout(timer);
    timer = null;
    left = Math.max(AFTER_HOVER_MS, left - (Date.now() - since));
  };
  return {
    run() {
      if (over || timer) return;
      since = Date.now();
      timer = setTimeout(() => {
        over = true;
        timer = null;
        done();
      }, left);
    },
    pause,
    stop() {
      pause();
      over = true;
    },
  };
}
