import type { MetricPoint, MetricSeries } from '../../../shared/contract';

/** One tag's points on the step axis, in step order. */
export interface Series {
  tag: string;
  axis: MetricSeries['axis'];
  steps: number[];
  values: (number | null)[];
}
export type RunMetrics = Record<string, Series>;

export function fromContract(list: MetricSeries[]): RunMetrics {
  return Object.fromEntries(list.map((s) => [s.tag, { tag: s.tag, axis: s.axis, steps: [...s.steps], values: [...s.values] }]));
}

/** Adds live points (a resume first drops what follows its state, on each axis). Points come in step order per
 * tag; one for an existing step replaces it. Returns a new object (for the store), reusing untouched series. */
export function applyPoints(m: RunMetrics, points: MetricPoint[], resetAfter?: { step: number; epoch: number }): RunMetrics {
  const out: RunMetrics = { ...m };
  if (resetAfter) {
    for (const [tag, s] of Object.entries(out)) {
      const limit = s.axis === 'epoch' ? resetAfter.epoch : resetAfter.step;
      const keep = s.steps.findIndex((x) => x > limit);
      if (keep >= 0) out[tag] = { ...s, steps: s.steps.slice(0, keep), values: s.values.slice(0, keep) };
    }
  }
  for (const p of points) {
    const prev = out[p.tag];
    const s: Series = prev && prev !== m[p.tag] ? prev : { tag: p.tag, axis: p.axis, steps: [...(prev?.steps ?? [])], values: [...(prev?.values ?? [])] };
    const last = s.steps.length - 1;
    if (last >= 0 && s.steps[last] === p.step) s.values[last] = p.value;
    else if (last < 0 || s.steps[last]! < p.step) {
      s.steps.push(p.step);
      s.values.push(p.value);
    } else {
      // Out of order (rare: a split flush): insert in place.
      const i = s.steps.findIndex((x) => x >= p.step);
      if (s.steps[i] === p.step) s.values[i] = p.value;
      else {
        s.steps.splice(i, 0, p.step);
        s.values.splice(i, 0, p.value);
      }
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
  /** Values for `x` (null where this series has no point). */
  values: (number | null)[];
}

export interface ChartInput {
  metrics: RunMetrics;
  smoothing: number;
  show: { loss: boolean; average: boolean; lr: boolean };
  /** Earlier runs drawn under the current one (their smoothed loss, dashed). */
  overlays: { label: string; metrics: RunMetrics }[];
  labels: { loss: string; lossRaw: string; average: string; lr: string };
}

const PALETTE = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#c2255c'];

/** The learning-rate series of a run: lr/* tags on the step axis. */
export function lrTags(m: RunMetrics): string[] {
  return Object.keys(m).filter((t) => t.startsWith('lr/') && m[t]!.axis === 'step').sort();
}

/** The chart's x values (every step any shown series has) and each series aligned to them. Pure. */
export function chartData(c: ChartInput): { x: number[]; series: ChartSeries[] } {
  const picked: { s: Series; smooth: boolean; label: string; scale: 'loss' | 'lr'; color: string; width: number; dash?: number[] }[] = [];
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
    return { label: p.label, scale: p.scale, color: p.color, width: p.width, ...(p.dash ? { dash: p.dash } : {}), values };
  });
  return { x: xs, series };
}
