/** Throughput and ETA over a sliding window of progress samples. Pure, so it is unit-tested. */
export interface RateSample {
  t: number; // ms
  done: number;
}

export interface RateEstimate {
  rate: number | null; // units per second
  etaSeconds: number | null;
}

export const RATE_WINDOW_MS = 10_000;

/** Adds a sample and drops those older than the window (keeping at least one before it as the anchor). */
export function pushSample(samples: RateSample[], s: RateSample, windowMs = RATE_WINDOW_MS): RateSample[] {
  const out = [...samples, s];
  while (out.length > 2 && out[1]!.t <= s.t - windowMs) out.shift();
  return out;
}

export function estimateRate(samples: RateSample[], total: number): RateEstimate {
  if (samples.length < 2) return { rate: null, etaSeconds: null };
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const dt = (last.t - first.t) / 1000;
  const dd = last.done - first.done;
  if (dt <= 0.05 || dd <= 0) return { rate: null, etaSeconds: null };
  const rate = dd / dt;
  const left = Math.max(0, total - last.done);
  return { rate, etaSeconds: left / rate };
}
