import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointCounters, parseOutputName, parseSampleName, type ParsedArtifact } from './names';

/** Finding a run's checkpoints, state folders and samples on disk, once they are complete. */

export interface FoundArtifact extends ParsedArtifact {
  path: string;
  bytes: number | null;
  /** Engine counters from the file itself (a checkpoint's ss_steps / ss_epoch, or for a state folder those of
   * the checkpoint saved with it), which are exact where a name or the console is not. */
  metaStep: number | null;
  metaEpoch: number | null;
}

/** The JSON header of a safetensors file, or null while it is incomplete. */
export function readSafetensorsHeader(path: string): string | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(8);
    if (readSync(fd, head, 0, 8, 0) < 8) return null;
    const len = Number(head.readBigUInt64LE(0));
    if (len <= 0 || len > 100 * 1024 * 1024) return null;
    const buf = Buffer.alloc(len);
    if (readSync(fd, buf, 0, len, 8) < len) return null;
    const text = buf.toString('utf8');
    JSON.parse(text);
    return text;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** A safetensors file is whole: its header parses and its tensor data ends where the file does (a writer killed
 * mid-file leaves one cut short, which musubi-tuner's --skip_existing would keep, since it checks only that a cache
 * file exists). */
export function safetensorsComplete(path: string): boolean {
  const header = readSafetensorsHeader(path);
  if (header === null) return false;
  let end = 0;
  for (const [key, t] of Object.entries(JSON.parse(header) as Record<string, { data_offsets?: [number, number] }>)) {
    if (key !== '__metadata__' && t.data_offsets) end = Math.max(end, t.data_offsets[1]);
  }
  try {
    return statSync(path).size === 8 + Buffer.byteLength(header) + end;
  } catch {
    return false;
  }
}

/** accelerate's save_state writes the RNG states last: their presence marks a complete state folder. */
export function stateComplete(dir: string): boolean {
  try {
    return readdirSync(dir).some((n) => /^random_states_\d+\.pkl$/.test(n));
  } catch {
    return false;
  }
}

function listDir(dir: string): { name: string; isDir: boolean }[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).map((d) => ({ name: d.name, isDir: d.isDirectory() }));
  } catch {
    return [];
  }
}

/** Scans the output and sample folders for one output name. Files still being written are left for a later scan:
 * `sizes` carries each file's size from the previous scan, and a file counts once its size held still, or at
 * once when the writer has exited (`writerGone`). */
export class ArtifactScanner {
  private readonly sizes = new Map<string, number>();

  constructor(
    private readonly outputDir: string,
    private readonly sampleDir: string,
  ) {}

  scan(outputName: string, known: ReadonlySet<string>, writerGone = false): FoundArtifact[] {
    const found: FoundArtifact[] = [];
    for (const e of listDir(this.outputDir)) {
      const path = join(this.outputDir, e.name);
      if (known.has(path)) continue;
      const parsed = parseOutputName(e.name, outputName, e.isDir);
      if (!parsed) continue;
      if (parsed.kind === 'state') {
        if (!stateComplete(path)) continue;
        const sibling = join(this.outputDir, `${e.name.slice(0, -'-state'.length)}.safetensors`);
        const header = existsSync(sibling) ? readSafetensorsHeader(sibling) : null;
        const meta = header ? checkpointCounters(header) : { step: null, epoch: null };
        found.push({ ...parsed, path, bytes: null, metaStep: meta.step, metaEpoch: meta.epoch });
        continue;
      }
      if (!this.settled(path, writerGone)) continue;
      const header = readSafetensorsHeader(path);
      if (e.name.endsWith('.safetensors') && !header) continue;
      const meta = header ? checkpointCounters(header) : { step: null, epoch: null };
      found.push({ ...parsed, path, bytes: this.sizes.get(path) ?? null, metaStep: meta.step, metaEpoch: meta.epoch });
    }
    for (const e of listDir(this.sampleDir)) {
      const path = join(this.sampleDir, e.name);
      if (e.isDir || known.has(path)) continue;
      const parsed = parseSampleName(e.name, outputName);
      if (!parsed || !this.settled(path, writerGone)) continue;
      found.push({ ...parsed, path, bytes: this.sizes.get(path) ?? null, metaStep: null, metaEpoch: null });
    }
    for (const f of found) this.sizes.delete(f.path);
    return found;
  }

  private settled(path: string, writerGone: boolean): boolean {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      return false;
    }
    const before = this.sizes.get(path);
    this.sizes.set(path, size);
    return size > 0 && (writerGone || before === size);
  }
}
