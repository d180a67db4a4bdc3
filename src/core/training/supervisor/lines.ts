/** Turning a process's output stream into console lines and progress updates. tqdm rewrites its line with `\r`,
 * so a "line" is what the terminal would finally show: the last `\r` segment before each `\n`. Pure and
 * incremental: chunks may split anywhere, including inside a multi-byte character. */

export interface SplitOutput {
  /** Completed lines, as a terminal would show them. */
  lines: string[];
  /** Every `\r`/`\n`-terminated segment, in order (progress updates included). */
  segments: string[];
}

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';
  private lineSoFar = '';

  push(chunk: Uint8Array): SplitOutput {
    return this.feed(this.decoder.decode(chunk, { stream: true }));
  }

  /** The unterminated tail (the bar being drawn right now), for callers that want the latest state. */
  get partial(): string {
    return this.pending;
  }

  private feed(text: string): SplitOutput {
    const out: SplitOutput = { lines: [], segments: [] };
    let s = this.pending + text;
    let start = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c !== 13 && c !== 10) continue;
      const seg = s.slice(start, i);
      if (c === 13 && s.charCodeAt(i + 1) === 10) {
        // CRLF (Windows) ends a line
        i++;
      }
      if (seg.length) {
        out.segments.push(seg);
        this.lineSoFar = seg;
      }
      if (s.charCodeAt(i) === 10) {
        out.lines.push(stripAnsi(this.lineSoFar));
        this.lineSoFar = '';
      }
      start = i + 1;
    }
    s = s.slice(start);
    this.pending = s;
    return out;
  }
}

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

/** Drops terminal colour and cursor codes (rich logging, colorama). */
export function stripAnsi(s: string): string {
  return s.includes('\x1b') ? s.replace(ANSI, '') : s;
}

/** Console lines of a whole text (a log file's tail), with tqdm's rewrites collapsed. */
export function consoleLines(text: string): string[] {
  const sp = new LineSplitter();
  const out = sp.push(Buffer.from(text, 'utf8')).lines;
  if (sp.partial) out.push(stripAnsi(sp.partial));
  return out;
}
