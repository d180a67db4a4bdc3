import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricPoint, RunLogLine, RunProgress } from '../../../shared/contract';
import { EventTailer, tagAxis } from '../tfevents';
import { absoluteEpoch, absoluteProgressStep, absoluteStep, decideOffset, type SegmentCounters } from './accounting';
import { ArtifactScanner, type FoundArtifact } from './artifacts';
import { LOG_FILE, readExit, readPid, type ExitRecord, type PidInfo } from './launcher';
import { LineSplitter } from './lines';
import type { RunRepo, SegmentRow } from './repo';
import { parseAnyProgress, parseTrainingProgress } from './tqdm';
import type { RunStep } from './types';

export const emptyProgress = (): RunProgress => ({
  step: null,
  totalSteps: null,
  epoch: null,
  totalEpochs: null,
  rate: null,
  etaSeconds: null,
  loss: null,
  stepDone: null,
  stepTotal: null,
});

/** What one poll of an attempt found. */
export interface TickResult {
  lines: RunLogLine[];
  points: MetricPoint[];
  artifacts: FoundArtifact[];
  /** Artifacts recorded earlier whose counters were filled in. */
  updated: string[];
  removed: string[];
  progressChanged: boolean;
  /** A NaN loss was seen (tqdm's avr_loss or a loss/* scalar). */
  nan: boolean;
  /** A complete state folder appeared. */
  stateSaved: boolean;
  /** pid.json appeared. */
  started: PidInfo | null;
  exit: ExitRecord | null;
}

const TAIL_LINES = 400;
const LOG_CHUNK = 4 * 1024 * 1024;
const EPOCH_LINE = /^epoch (\d+)\/(\d+)$/;

/** Watches one launch of one step: its output file (console lines, tqdm progress, `epoch i/N`), and for the
 * training step the TensorBoard event files, checkpoints, state folders and samples, mapping every counter onto
 * the run's axis through the segment's offsets. Reads only what is new on each tick; works the same whether this
 * process started the engine or re-attached to it after a restart. */
export class AttemptMonitor {
  readonly tail: string[] = [];
  progress: RunProgress;
  pid: PidInfo | null = null;
  private readonly splitter = new LineSplitter();
  private readonly tailer: EventTailer | null;
  private readonly scanner: ArtifactScanner | null;
  private readonly eventFiles: Map<string, { seq: number; offset: number }>;
  private readonly known: Map<string, boolean>;
  /** Segments by seq; the current one is `segment` itself, whose offsets this monitor decides. */
  private readonly segmentsBySeq = new Map<number, SegmentRow>();
  private nanReported = false;

  constructor(
    private readonly repo: RunRepo,
    readonly runId: number,
    readonly step: RunStep,
    readonly dir: string,
    public logOffset: number,
    readonly segment: SegmentRow | null,
    progress: RunProgress,
  ) {
    this.progress = { ...progress };
    const t = step.train;
    if (t && segment) {
      this.eventFiles = repo.eventFiles(runId);
      this.tailer = new EventTailer(t.loggingDir, Object.fromEntries([...this.eventFiles].map(([p, f]) => [p, f.offset])));
      this.scanner = new ArtifactScanner(t.outputDir, t.sampleDir);
      this.known = new Map(repo.artifacts(runId).map((a) => [a.path, a.exists_now === 1]));
      for (const sr of repo.segments(runId)) this.segmentsBySeq.set(sr.seq, sr);
      this.segmentsBySeq.set(segment.seq, segment);
    } else {
      this.eventFiles = new Map();
      this.tailer = null;
      this.scanner = null;
      this.known = new Map();
    }
  }

  get counters(): SegmentCounters | null {
    const s = this.segment;
    return s ? { resumeStep: s.resume_step, resumeEpoch: s.resume_epoch, stepOffset: s.step_offset, epochOffset: s.epoch_offset } : null;
  }

  tick(): TickResult {
    const res: TickResult = { lines: [], points: [], artifacts: [], updated: [], removed: [], progressChanged: false, nan: false, stateSaved: false, started: null, exit: null };
    // Read the exit record first: everything written before it is then on disk for this tick to read.
    const exit = readExit(this.dir);
    if (!this.pid) {
      this.pid = readPid(this.dir);
      if (this.pid) res.started = this.pid;
    }
    this.readLog(res);
    if (this.tailer) this.readEvents(res);
    // Once the engine has exited, nothing is being written: every file it left is complete.
    if (this.scanner) this.scanArtifacts(res, exit !== null);
    if (res.nan && this.nanReported) res.nan = false;
    if (res.nan) this.nanReported = true;
    res.exit = exit;
    return res;
  }

  private readLog(res: TickResult): void {
    const file = join(this.dir, LOG_FILE);
    if (!existsSync(file)) return;
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      while (this.logOffset < size) {
        const n = Math.min(LOG_CHUNK, size - this.logOffset);
        const buf = Buffer.alloc(n);
        const got = readSync(fd, buf, 0, n, this.logOffset);
        if (got <= 0) break;
        this.logOffset += got;
        const out = this.splitter.push(buf.subarray(0, got));
        for (const seg of out.segments) this.onSegment(seg, res);
        for (const line of out.lines) this.onLine(line, res);
      }
    } finally {
      closeSync(fd);
    }
    // tqdm draws "\r<bar>": the bar on screen now is the unterminated tail.
    if (this.splitter.partial) this.onSegment(this.splitter.partial, res);
  }

  private onLine(text: string, res: TickResult): void {
    res.lines.push({ step: this.step.name, text });
    this.tail.push(text);
    if (this.tail.length > TAIL_LINES) this.tail.splice(0, this.tail.length - TAIL_LINES);
    const m = EPOCH_LINE.exec(text.trim());
    if (m && this.segment) {
      const engineEpoch = Number(m[1]);
      if (this.segment.epoch_offset === null) this.setOffsets(null, decideOffset(this.segment.resume_epoch, engineEpoch));
      const epoch = absoluteEpoch(this.counters!, engineEpoch);
      const totalEpochs = this.segment.seq === 0 || this.progress.totalEpochs === null ? absoluteEpoch(this.counters!, Number(m[2])) : this.progress.totalEpochs;
      if (epoch !== this.progress.epoch || totalEpochs !== this.progress.totalEpochs) {
        this.progress = { ...this.progress, epoch, totalEpochs };
        res.progressChanged = true;
      }
    }
  }

  private onSegment(seg: string, res: TickResult): void {
    if (this.step.kind === 'train' && this.segment) {
      const p = parseTrainingProgress(seg);
      if (!p) return;
      const c = this.counters!;
      const step = absoluteProgressStep(c, p.n);
      const totalSteps = this.segment.seq === 0 || this.progress.totalSteps === null ? c.resumeStep + p.total : this.progress.totalSteps;
      const eta = p.rate ? Math.max(0, totalSteps - step) / p.rate : p.etaSeconds;
      const loss = p.avrLoss !== null && Number.isFinite(p.avrLoss) ? p.avrLoss : null;
      if (p.avrLoss !== null && Number.isNaN(p.avrLoss)) this.nanAt(this.segment, step, res);
      const next = { ...this.progress, step, totalSteps, rate: p.rate, etaSeconds: eta, loss };
      if (next.step !== this.progress.step || next.loss !== this.progress.loss || next.rate !== this.progress.rate || next.totalSteps !== this.progress.totalSteps) {
        this.progress = next;
        res.progressChanged = true;
      }
      return;
    }
    const p = parseAnyProgress(seg);
    if (p && (p.n !== this.progress.stepDone || p.total !== this.progress.stepTotal)) {
      this.progress = { ...this.progress, stepDone: p.n, stepTotal: p.total, rate: p.rate, etaSeconds: p.etaSeconds };
      res.progressChanged = true;
    }
  }

  /** A NaN loss at a run-axis step: reported, and kept with the launch that trained it (its states from that step
   * on are not resumed from). tqdm's average turns NaN with the step's loss, the event files give the exact step. */
  private nanAt(seg: SegmentRow, step: number, res: TickResult): void {
    res.nan = true;
    if (seg.nan_step === null || step < seg.nan_step) {
      seg.nan_step = step;
      this.repo.setNanStep(this.runId, seg.seq, step);
    }
  }

    private setOffsets(stepOffset: number | null, epochOffset: number | null): void {
    const s = this.segment!;
    if (stepOffset !== null) s.step_offset = stepOffset;
    if (epochOffset !== null) s.epoch_offset = epochOffset;
    this.repo.setOffsets(this.runId, s.seq, s.step_offset, s.epoch_offset);
  }

  private readEvents(res: TickResult): void {
    const seg = this.segment!;
    let touched = false;
    const r = this.tailer!.poll((file, tag, step, value, wallTime) => {
      touched = true;
      let f = this.eventFiles.get(file);
      if (!f) this.eventFiles.set(file, (f = { seq: seg.seq, offset: 0 }));
      // Files of earlier launches keep their own segment's offsets.
      const fileSeg = this.segmentsBySeq.get(f.seq) ?? seg;
      const axis = tagAxis(tag);
      if (fileSeg === seg) {
        if (axis === 'step' && seg.step_offset === null) this.setOffsets(decideOffset(seg.resume_step, step), null);
        if (axis === 'epoch' && seg.epoch_offset === null) this.setOffsets(null, decideOffset(seg.resume_epoch, step));
      }
      const c: SegmentCounters = { resumeStep: fileSeg.resume_step, resumeEpoch: fileSeg.resume_epoch, stepOffset: fileSeg.step_offset, epochOffset: fileSeg.epoch_offset };
      const abs = axis === 'epoch' ? absoluteEpoch(c, step) : absoluteStep(c, step);
      res.points.push({ tag, axis, step: abs, value: Number.isNaN(value) ? null : value, wallTime });
      if (Number.isNaN(value) && tag.startsWith('loss/')) {
        if (axis === 'step') this.nanAt(fileSeg, abs, res);
        else res.nan = true;
      }
    });
    if (!touched && !r.records) return;
    const offsets = this.tailer!.state();
    for (const [path, f] of this.eventFiles) f.offset = offsets[path] ?? f.offset;
    this.repo.insertPoints(this.runId, res.points.map((p) => ({ tag: p.tag, step: p.step, value: p.value, wall_time: p.wallTime })));
    this.repo.saveEventFiles(this.runId, this.eventFiles);
  }

  private scanArtifacts(res: TickResult, writerGone: boolean): void {
    const seg = this.segment!;
    const known = new Set([...this.known.keys()]);
    for (const a of this.scanner!.scan(seg.output_name, known, writerGone)) {
      const c = this.counters!;
      const engineStep = a.metaStep ?? a.step;
      const engineEpoch = a.metaEpoch ?? a.epoch;
      this.repo.upsertArtifact({
        run_id: this.runId,
        path: a.path,
        kind: a.kind,
        seq: seg.seq,
        engine_step: engineStep,
        engine_epoch: engineEpoch,
        seen_step: this.progress.step ?? absoluteStep(c, 0),
        // a state or checkpoint holds the epochs completed when it was saved
        seen_epoch: this.progress.epoch !== null ? Math.max(0, this.progress.epoch - 1) : c.resumeEpoch,
        final: a.final ? 1 : 0,
        bytes: a.bytes,
      });
      this.known.set(a.path, true);
      res.artifacts.push(a);
      if (a.kind === 'state') res.stateSaved = true;
      // A state folder saved before its checkpoint (the end-of-training one) takes the checkpoint's counters.
      const state = a.kind === 'checkpoint' ? a.path.replace(/\.(safetensors|ckpt|pt)$/, '-state') : null;
      if (state && this.known.has(state) && (a.metaStep !== null || a.metaEpoch !== null)) {
        if (this.repo.setArtifactCounters(this.runId, state, a.metaStep, a.metaEpoch)) res.updated.push(state);
      }
    }
    for (const [path, exists] of this.known) {
      if (exists && !existsSync(path)) {
        this.known.set(path, false);
        this.repo.setArtifactExists(this.runId, path, false);
        res.removed.push(path);
      }
    }
  }
}
