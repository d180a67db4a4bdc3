import type { Job, JobUnit } from '../shared/contract';
import { formatBytes, formatDuration, formatRate } from './format';

export interface BarInput {
  label: string;
  done: number;
  total: number;
  rate: number | null;
  etaSeconds: number | null;
  /** What done/total count; files when absent. */
  unit?: JobUnit;
}

/** `12/40` or, for bytes, `1.2 MB/40 MB`; and the rate in the same unit. */
function amounts(p: BarInput): { counts: string; rate: string } {
  if (p.unit === 'bytes') {
    const rate = p.rate === null || !Number.isFinite(p.rate) ? '- B/s' : `${formatBytes(p.rate)}/s`;
    return { counts: `${formatBytes(p.done)}/${p.total ? formatBytes(p.total) : '?'}`, rate };
  }
  return { counts: `${p.done}/${p.total || '?'}`, rate: formatRate(p.rate, p.unit ?? 'files') };
}

/** One line of a progress bar that fits `columns`: `label [####----] 12/40 30% 5.1 files/s ETA 00:06`. Pure. */
export function renderBar(p: BarInput, columns: number): string {
  const pct = p.total > 0 ? Math.min(100, Math.floor((p.done / p.total) * 100)) : 0;
  const a = amounts(p);
  const tail = ` ${a.counts} ${String(pct).padStart(3)}% ${a.rate} ETA ${formatDuration(p.etaSeconds)}`;
  const label = p.label.length > 30 ? `${p.label.slice(0, 29)}…` : p.label;
  const room = columns - label.length - tail.length - 4;
  if (room < 10) return `${label}${tail}`.slice(0, Math.max(0, columns - 1));
  const width = Math.min(40, room);
  const filled = p.total > 0 ? Math.round((Math.min(p.done, p.total) / p.total) * width) : 0;
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${tail}`;
}

/** A plain progress line for logs (no terminal): `label: 12/40 (30%), 5.1 files/s, ETA 00:06`. Pure. */
export function renderLine(p: BarInput): string {
  const pct = p.total > 0 ? Math.min(100, Math.floor((p.done / p.total) * 100)) : 0;
  const a = amounts(p);
  return `${p.label}: ${a.counts} (${pct}%), ${a.rate}, ETA ${formatDuration(p.etaSeconds)}`;
}

const TTY_INTERVAL_MS = 100;
const LOG_INTERVAL_MS = 2000;

/** Shows job progress on a stream: a redrawn bar on a terminal, a plain line every few seconds otherwise. */
export class ProgressView {
  private last = 0;
  private drawn = false;
  private readonly tty: boolean;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.tty = !!stream.isTTY;
  }

  update(job: Job, label = job.title): void {
    const now = Date.now();
    if (now - this.last < (this.tty ? TTY_INTERVAL_MS : LOG_INTERVAL_MS)) return;
    this.last = now;
    const p = { label, done: job.done, total: job.total, rate: job.rate, etaSeconds: job.etaSeconds, unit: job.unit };
    if (this.tty) {
      this.stream.write(`\r${renderBar(p, this.stream.columns || 80)}\x1b[K`);
      this.drawn = true;
    } else {
      this.stream.write(`${renderLine(p)}\n`);
    }
  }

  /** Ends the bar's line so the next output starts clean. */
  clear(): void {
    if (this.tty && this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
    this.last = 0;
  }
}
