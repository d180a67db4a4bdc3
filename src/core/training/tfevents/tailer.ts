import { closeSync, existsSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { EventDecoder } from './event';
import { scanRecords, type RecordErrorReason } from './records';

/** A scalar read from an event file; `file` is relative to the tailed folder. */
export type TailSink = (file: string, tag: string, step: number, value: number, wallTime: number) => void;

export interface TailProblem {
  file: string;
  offset: number;
  reason: RecordErrorReason | 'malformed-event';
}

export interface TailResult {
  records: number;
  bytes: number;
  /** New problems only: a corrupt record is reported once, and that file is not read past it. */
  problems: TailProblem[];
}

const CHUNK = 8 * 1024 * 1024;

/** True for the event files TensorBoard writers create (`events.out.tfevents.<time>.<host>...`). */
export function isEventFile(name: string): boolean {
  return /(^|[\\/])events\.out\.tfevents\./.test(name) && !name.endsWith('.tmp');
}

/** Reads TensorBoard event files under a folder incrementally: each poll reads only the bytes appended since the
 * last one, leaves a record cut off at the end of a file for the next poll, and picks up new files (engines
 * start a new timestamped sub-folder per launch). Offsets can be saved and restored to continue after a restart. */
export class EventTailer {
  private readonly offsets = new Map<string, number>();
  private readonly decoders = new Map<string, EventDecoder>();
  private readonly reported = new Set<string>();
  private buf = Buffer.alloc(64 * 1024);

  constructor(
    readonly dir: string,
    offsets: Record<string, number> = {},
  ) {
    for (const [f, o] of Object.entries(offsets)) this.offsets.set(f, o);
  }

  /** Byte offset reached in each file (relative path -> offset), to persist. */
  state(): Record<string, number> {
    return Object.fromEntries(this.offsets);
  }

  /** Event files under the folder, oldest name first (names start with the creation time). */
  files(): string[] {
    if (!existsSync(this.dir)) return [];
    const names = readdirSync(this.dir, { recursive: true, encoding: 'utf8' }).filter(isEventFile);
    return names.sort((a, b) => eventFileTime(a) - eventFileTime(b) || a.localeCompare(b));
  }

  poll(sink: TailSink): TailResult {
    const res: TailResult = { records: 0, bytes: 0, problems: [] };
    for (const file of this.files()) this.readFile(file, sink, res);
    return res;
  }

  private readFile(file: string, sink: TailSink, res: TailResult): void {
    let fd: number;
    try {
      fd = openSync(join(this.dir, file), 'r');
    } catch {
      return; // removed between listing and opening
    }
    try {
      const size = fstatSync(fd).size;
      let pos = this.offsets.get(file) ?? 0;
      if (size < pos) pos = 0; // truncated and rewritten: start over
      let decoder = this.decoders.get(file);
      if (!decoder || pos === 0) this.decoders.set(file, (decoder = new EventDecoder()));
      const emit = (tag: string, step: number, value: number, wallTime: number): void => sink(file, tag, step, value, wallTime);
      let chunk = CHUNK;
      while (pos < size) {
        const n = Math.min(chunk, size - pos);
        if (this.buf.length < n) this.buf = Buffer.alloc(Math.max(n, this.buf.length * 2));
        const got = readSync(fd, this.buf, 0, n, pos);
        const buf = this.buf;
        let bad = -1;
        const scan = scanRecords(buf, 0, got, (s, e) => {
          try {
            decoder.decode(buf, s, e, emit);
          } catch {
            if (bad < 0) bad = pos + s - 12;
          }
        });
        if (bad >= 0) this.report(res, { file, offset: bad, reason: 'malformed-event' });
        res.records += scan.records;
        res.bytes += scan.consumed;
        pos += scan.consumed;
        if (scan.error) {
          this.report(res, { file, offset: pos, reason: scan.error.reason });
          break;
        }
        if (scan.consumed === 0) {
          if (n >= size - pos) break; // a record cut off at the end of the file: the next poll finishes it
          chunk *= 2; // a record larger than the chunk
        }
      }
      this.offsets.set(file, pos);
    } finally {
      closeSync(fd);
    }
  }

  private report(res: TailResult, p: TailProblem): void {
    const key = `${p.file}:${p.offset}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    res.problems.push(p);
  }
}

/** The creation time (seconds) in an event file's name, or 0. */
export function eventFileTime(name: string): number {
  const m = /events\.out\.tfevents\.(\d+)/.exec(name);
  return m ? Number(m[1]) : 0;
}
