/** Scalar series as a chart needs them: one per tag, on the step axis or, for epoch-level tags, the epoch axis. */

export type Axis = 'step' | 'epoch';

/** Both engines log epoch-level scalars with the epoch number as TensorBoard's step (`loss/epoch`,
 * `loss/epoch_average`, `loss/validation/epoch_average`...): a tag with a path segment starting with "epoch". */
export function tagAxis(tag: string): Axis {
  return tag.split('/').some((s) => s.startsWith('epoch')) ? 'epoch' : 'step';
}

/** The chart's series family: `loss`, `lr`, `max_norm`, `norm`... (the tag's first path segment). */
export function tagGroup(tag: string): string {
  const i = tag.indexOf('/');
  return i < 0 ? tag : tag.slice(0, i);
}

export interface ScalarSeries {
  tag: string;
  axis: Axis;
  group: string;
  /** Ascending, unique. */
  steps: number[];
  values: number[];
  wallTimes: number[];
}

interface Acc {
  axis: Axis;
  steps: number[];
  values: number[];
  wallTimes: number[];
  sorted: boolean;
}

/** Collects points into per-tag series. A step seen again replaces the earlier value: engines log every micro-step
 * of gradient accumulation under the same global step, and the last one is the step's value. */
export class SeriesBuilder {
  private readonly acc = new Map<string, Acc>();

  add(tag: string, step: number, value: number, wallTime: number): void {
    let a = this.acc.get(tag);
    if (!a) this.acc.set(tag, (a = { axis: tagAxis(tag), steps: [], values: [], wallTimes: [], sorted: true }));
    const n = a.steps.length;
    if (n > 0) {
      const last = a.steps[n - 1]!;
      if (step === last) {
        a.values[n - 1] = value;
        a.wallTimes[n - 1] = wallTime;
        return;
      }
      if (step < last) a.sorted = false;
    }
    a.steps.push(step);
    a.values.push(value);
    a.wallTimes.push(wallTime);
  }

  get size(): number {
    let n = 0;
    for (const a of this.acc.values()) n += a.steps.length;
    return n;
  }

  build(): ScalarSeries[] {
    const out: ScalarSeries[] = [];
    for (const [tag, a] of this.acc) {
      const s = a.sorted ? a : sortUnique(a);
      out.push({ tag, axis: a.axis, group: tagGroup(tag), steps: s.steps, values: s.values, wallTimes: s.wallTimes });
    }
    return out.sort((x, y) => x.tag.localeCompare(y.tag));
  }
}

function sortUnique(a: Acc): Pick<Acc, 'steps' | 'values' | 'wallTimes'> {
  // Stable sort by step; for equal steps the later write wins.
  const idx = a.steps.map((_, i) => i).sort((i, j) => a.steps[i]! - a.steps[j]! || i - j);
  const steps: number[] = [];
  const values: number[] = [];
  const wallTimes: number[] = [];
  for (const i of idx) {
    const s = a.steps[i]!;
    if (steps.length && steps[steps.length - 1] === s) {
      values[values.length - 1] = a.values[i]!;
      wallTimes[wallTimes.length - 1] = a.wallTimes[i]!;
    } else {
      steps.push(s);
      values.push(a.values[i]!);
      wallTimes.push(a.wallTimes[i]!);
    }
  }
  return { steps, values, wallTimes };
}

/** Thins a long series to about maxPoints for drawing, keeping each bucket's first, minimum and maximum points
 * so spikes (a loss blow-up) survive. The last point is always kept. */
export function downsample(s: ScalarSeries, maxPoints: number): ScalarSeries {
  const n = s.steps.length;
  if (n <= maxPoints || maxPoints < 4) return s;
  const buckets = Math.max(1, Math.floor(maxPoints / 3));
  const size = n / buckets;
  const keep: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    if (from >= to) continue;
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      // NaN never compares; a NaN point is kept as the bucket's first only.
      if (s.values[i]! < s.values[lo]!) lo = i;
      if (s.values[i]! > s.values[hi]!) hi = i;
    }
    for (const i of [...new Set([from, lo, hi])].sort((x, y) => x - y)) keep.push(i);
  }
  if (keep[keep.length - 1] !== n - 1) keep.push(n - 1);
  return {
    ...s,
    steps: keep.map((i) => s.steps[i]!),
    values: keep.map((i) => s.values[i]!),
    wallTimes: keep.map((i) => s.wallTimes[i]!),
  };
}
