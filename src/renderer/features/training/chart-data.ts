import type { MetricPoint, MetricSeries } from '../../../shared/contract';

/** One tag's points on its axis (steps, or epochs for epoch-level tags), in order, with the engine's wall times. */
export interface Series {
  tag: string;
  axis: MetricSeries['axis'];
  steps: number[];
  values: (number | null)[];
  wallTimes: number[];
}
export type RunMetrics = Record<string, Series>;

export function fromContract(list: MetricSeries[]): RunMetrics {
  return Object.fromEntries(list.map((s) => [s.tag, { tag: s.tag, axis: s.axis, steps: [...s.steps], values: [...s.values], wallTimes: [...s.wallTimes] }]));
}

/** Adds live points (a resume first drops what follows its state, on each axis). Points come in step order per
 * tag; one for an existing step replaces it. Returns a new object (for the store), reusing untouched series. */
export function applyPoints(m: RunMetrics, points: MetricPoint[], resetAfter?: { step: number; epoch: number }): RunMetrics {
  const out: RunMetrics = { ...m };
  if (resetAfter) {
    for (const [tag, s] of Object.entries(out)) {
      const limit = s.axis === 'epoch' ? resetAfter.epoch : resetAfter.step;
      const keep = s.steps.findIndex((x) => x > limit);
      if (keep >= 0) out[tag] = { ...s, steps: s.steps.slice(0, keep), values: s.values.slice(0, keep), wallTimes: s.wallTimes.slice(0, keep) };
    }
  }
  for (const p of points) {
    const prev = out[p.tag];
    const s: Series = prev && prev !== m[p.tag] ? prev : { tag: p.tag, axis: p.axis, steps: [...(prev?.steps ?? [])], values: [...(prev?.values ?? [])], wallTimes: [...(prev?.wallTimes ?? [])] };
    const last = s.steps.length - 1;
    // Out of order (rare: a split flush): in place.
    const at = last < 0 || s.steps[last]! < p.step ? s.steps.length : s.steps[last] === p.step ? last : s.steps.findIndex((x) => x >= p.step);
    if (s.steps[at] === p.step) {
      s.values[at] = p.value;
      s.wallTimes[at] = p.wallTime;
    } else {
      s.steps.splice(at, 0, p.step);
      s.values.splice(at, 0, p.value);
      s.wallTimes.splice(at, 0, p.wallTime);
    }
    out[p.tag] = s;
  }
  return out;
}

/** TensorBoard's smoothing: an exponential moving average, debiased so the start is not pulled toward zero.
 * A missing or non-finite value (a NaN loss) stays missing and does not disturb the average. */
export function ema(values: (number | null)[], smoothing: number): (number | null)[] {
  const w = Math.min(Math.max(smoothing, 0), 0.999);
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    last = last * w + (1 - w) * v;
    n++;
    return last / (1 - w ** n);
  });
}

export interface ChartSeries {
  label: string;
  /** Which y scale: the loss or the learning rate (its own axis). */
  scale: 'loss' | 'lr';
  color: string;
  width: number;
  dash?: number[];
  /** Drawn as separate points, not a line (one value per epoch). */
  points?: boolean;
  /** Values for `x` (null where this series has no point). */
  values: (number | null)[];
}

export interface ChartInput {
  metrics: RunMetrics;
  smoothing: number;
  show: { loss: boolean; average: boolean; lr: boolean; epoch: boolean };
  /** Earlier runs drawn under the current one (their smoothed loss, dashed). */
  overlays: { label: string; metrics: RunMetrics }[];
  labels: { loss: string; lossRaw: string; average: string; lr: string; epoch: string };
}

/** The engines' epoch-level loss (musubi-tuner `loss/epoch`, sd-scripts `loss/epoch_average`), on the epoch axis. */
const EPOCH_LOSS = ['loss/epoch', 'loss/epoch_average'];

/** An epoch-axis series placed on the step axis: each epoch's value at the last step logged before it (by the
 * engine's wall times, so uneven epochs and resumes land where they happened). Epochs logged before any step are
 * left out. Pure. */
export function onStepAxis(epochs: Series, steps: Series): Series {
  const out: Series = { tag: epochs.tag, axis: 'step', steps: [], values: [], wallTimes: [] };
  let j = -1;
  epochs.steps.forEach((_, i) => {
    const t = epochs.wallTimes[i]!;
    while (j + 1 < steps.steps.length && steps.wallTimes[j + 1]! <= t) j++;
    const x = steps.steps[j];
    if (x === undefined) return;
    // Two epochs on one step (no step logged in between): the later value.
    if (out.steps.at(-1) === x) out.values[out.values.length - 1] = epochs.values[i] ?? null;
    else {
      out.steps.push(x);
      out.values.push(epochs.values[i] ?? null);
      out.wallTimes.push(t);
    }
  });
  return out;
}

const PALETTE = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#c2255c'];

/** The learning-rate series of a run: lr/* tags on the step axis. */
export function lrTags(m: RunMetrics): string[] {
  return Object.keys(m).filter((t) => t.startsWith('lr/') && m[t]!.axis === 'step').sort();
}

/** The chart's x values (every step any shown series has) and each series aligned to them. Pure. */
export function chartData(c: ChartInput): { x: number[]; series: ChartSeries[] } {
  const picked: { s: Series; smooth: boolean; label: string; scale: 'loss' | 'lr'; color: string; width: number; dash?: number[]; points?: boolean }[] = [];
  const loss = c.metrics['loss/current'];
  if (c.show.loss && loss) {
    picked.push({ s: loss, smooth: false, label: c.labels.lossRaw, scale: 'loss', color: 'rgba(28,126,214,0.25)', width: 1 });
    picked.push({ s: loss, smooth: true, label: c.labels.loss, scale: 'loss', color: PALETTE[0]!, width: 2 });
  }
  const avg = c.metrics['loss/average'];
  if (c.show.average && avg) picked.push({ s: avg, smooth: false, label: c.labels.average, scale: 'loss', color: PALETTE[1]!, width: 1.5 });
  if (c.show.lr) {
    lrTags(c.metrics).forEach((t, i) => picked.push({ s: c.metrics[t]!, smooth: false, label: `${c.labels.lr} ${t.slice(3)}`, scale: 'lr', color: PALETTE[(2 + i) % PALETTE.length]!, width: 1, dash: [4, 3] }));
  }
  const stepRef = c.metrics['loss/current'] ?? Object.values(c.metrics).find((s) => s.axis === 'step' && s.steps.length);
  const epoch = EPOCH_LOSS.map((t) => c.metrics[t]).find((s) => s?.axis === 'epoch' && s.steps.length);
  if (c.show.epoch && epoch && stepRef) picked.push({ s: onStepAxis(epoch, stepRef), smooth: false, label: c.labels.epoch, scale: 'loss', color: PALETTE[4]!, width: 1, points: true });
  c.overlays.forEach((o, i) => {
    const s = o.metrics['loss/current'];
    if (s) picked.push({ s, smooth: true, label: o.label, scale: 'loss', color: PALETTE[(3 + i) % PALETTE.length]!, width: 1.5, dash: [6, 4] });
  });
  const xs = [...new Set(picked.flatMap((p) => p.s.steps))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const series = picked.map((p) => {
    const values: (number | null)[] = new Array(xs.length).fill(null);
    const vals = p.smooth ? ema(p.s.values, c.smoothing) : p.s.values;
    p.s.steps.forEach((st, i) => (values[index.get(st)!] = vals[i] ?? null));
    return { label: p.label, scale: p.scale, color: p.color, width: p.width, ...(p.dash ? { dash: p.dash } : {}), ...(p.points ? { points: true } : {}), values };
  });
  return { x: xs, series };
}
