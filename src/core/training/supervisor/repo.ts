import type { Db } from '../../store';
import { nowIso } from '../../store';
import { tagAxis } from '../tfevents';
import type { RunPlan } from './types';

/** SQLite access for the supervisor's tables (migrations.ts). Writes are small and each in a transaction. */

export interface RunRow {
  id: number;
  title: string;
  engine: string;
  model_type: string;
  dataset_id: number | null;
  gpu: string;
  plan: string;
  status: string;
  position: number;
  step_index: number;
  step_states: string;
  attempt_dir: string | null;
  attempt_seq: number;
  launcher_pid: number | null;
  pgid: number | null;
  log_offset: number;
  progress: string;
  stop_mode: string | null;
  stop_requested_at: number | null;
  stop_stage: number;
  stop_stage_at: number | null;
  error: string | null;
  exit_code: number | null;
  exit_signal: string | null;
  resume_state: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface SegmentRow {
  run_id: number;
  seq: number;
  output_name: string;
  resume_state: string | null;
  resume_step: number;
  resume_epoch: number;
  step_offset: number | null;
  epoch_offset: number | null;
  started_at: number;
  nan_step: number | null;
}

export interface ArtifactRow {
  run_id: number;
  path: string;
  kind: 'checkpoint' | 'state' | 'sample';
  seq: number;
  engine_step: number | null;
  engine_epoch: number | null;
  seen_step: number | null;
  seen_epoch: number | null;
  final: number;
  bytes: number | null;
  exists_now: number;
  created_at: string;
}

export interface PointRow {
  tag: string;
  step: number;
  value: number | null;
  wall_time: number;
}

type RunPatch = Partial<Omit<RunRow, 'id'>>;

export class RunRepo {
  constructor(private readonly db: Db) {}

  insertRun(plan: RunPlan, stepStates: unknown): number {
    const pos = (this.db.prepare('SELECT COALESCE(MAX(position), 0) + 1 FROM training_runs').pluck().get() as number) ?? 1;
    const info = this.db
      .prepare(
        `INSERT INTO training_runs (title, engine, model_type, dataset_id, gpu, plan, status, position, step_states)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
      )
      .run(plan.title, plan.engine, plan.modelType, plan.datasetId, plan.gpu ?? '0', JSON.stringify(plan), pos, JSON.stringify(stepStates));
    return Number(info.lastInsertRowid);
  }

  get(id: number): RunRow | undefined {
    return this.db.prepare('SELECT * FROM training_runs WHERE id = ?').get(id) as RunRow | undefined;
  }

  list(active: boolean, limit: number): RunRow[] {
    const where = active ? `WHERE status IN ('queued','running','stopping')` : '';
    return this.db
      .prepare(
        `SELECT * FROM training_runs ${where}
         ORDER BY CASE status WHEN 'running' THEN 0 WHEN 'stopping' THEN 0 WHEN 'queued' THEN 1 ELSE 2 END,
                  CASE WHEN status = 'queued' THEN position END, id DESC LIMIT ?`,
      )
      .all(limit) as RunRow[];
  }

  byStatus(...statuses: string[]): RunRow[] {
    return this.db
      .prepare(`SELECT * FROM training_runs WHERE status IN (${statuses.map(() => '?').join(',')}) ORDER BY position, id`)
      .all(...statuses) as RunRow[];
  }

  update(id: number, patch: RunPatch): void {
    const keys = Object.keys(patch) as (keyof RunPatch)[];
    if (!keys.length) return;
    this.db.prepare(`UPDATE training_runs SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...patch, id });
  }

  /** Moves a stop under way from stage `from` to `to`; false when another process did first (or it ended). */
  claimStopStage(id: number, from: number, to: number, at: number): boolean {
    return this.db.prepare(`UPDATE training_runs SET stop_stage = ?, stop_stage_at = ? WHERE id = ? AND status = 'stopping' AND stop_stage = ?`).run(to, at, id, from).changes === 1;
  }

  nextPosition(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(position), 0) + 1 FROM training_runs').pluck().get() as number) ?? 1;
  }

  setPositions(order: { id: number; position: number }[]): void {
    const st = this.db.prepare('UPDATE training_runs SET position = ? WHERE id = ?');
    this.db.transaction(() => order.forEach((o) => st.run(o.position, o.id)))();
  }

  // --- segments

  insertSegment(s: SegmentRow): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO training_segments (run_id, seq, output_name, resume_state, resume_step, resume_epoch, step_offset, epoch_offset, started_at, nan_step)
         VALUES (@run_id, @seq, @output_name, @resume_state, @resume_step, @resume_epoch, @step_offset, @epoch_offset, @started_at, @nan_step)`,
      )
      .run(s);
  }

  segments(runId: number): SegmentRow[] {
    return this.db.prepare('SELECT * FROM training_segments WHERE run_id = ? ORDER BY seq').all(runId) as SegmentRow[];
  }

  /** Records the first NaN step of a launch (the earliest one reported wins). */
  setNanStep(runId: number, seq: number, step: number): void {
    this.db.prepare('UPDATE training_segments SET nan_step = ? WHERE run_id = ? AND seq = ? AND (nan_step IS NULL OR nan_step > ?)').run(step, runId, seq, step);
  }

  setOffsets(runId: number, seq: number, stepOffset: number | null, epochOffset: number | null): void {
    this.db.prepare('UPDATE training_segments SET step_offset = ?, epoch_offset = ? WHERE run_id = ? AND seq = ?').run(stepOffset, epochOffset, runId, seq);
  }

  // --- metrics

  insertPoints(runId: number, points: PointRow[]): void {
    if (!points.length) return;
    const st = this.db.prepare('INSERT OR REPLACE INTO training_metrics (run_id, tag, step, value, wall_time) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const p of points) st.run(runId, p.tag, p.step, p.value !== null && Number.isNaN(p.value) ? null : p.value, p.wall_time);
    })();
  }

  /** Drops the points a resumed launch will write again: step-axis points after `step`, epoch-axis after `epoch`. */
  prunePoints(runId: number, step: number, epoch: number): void {
    const tags = this.db.prepare('SELECT DISTINCT tag FROM training_metrics WHERE run_id = ?').pluck().all(runId) as string[];
    const st = this.db.prepare('DELETE FROM training_metrics WHERE run_id = ? AND tag = ? AND step > ?');
    this.db.transaction(() => tags.forEach((t) => st.run(runId, t, tagAxis(t) === 'epoch' ? epoch : step)))();
  }

  points(runId: number, tags: string[] | undefined, sinceStep: number | undefined): PointRow[] {
    const where = ['run_id = ?'];
    const args: unknown[] = [runId];
    if (tags?.length) {
      where.push(`tag IN (${tags.map(() => '?').join(',')})`);
      args.push(...tags);
    }
    if (sinceStep !== undefined) {
      where.push('step > ?');
      args.push(sinceStep);
    }
    return this.db.prepare(`SELECT tag, step, value, wall_time FROM training_metrics WHERE ${where.join(' AND ')} ORDER BY tag, step`).all(...args) as PointRow[];
  }

  // --- event files

  eventFiles(runId: number): Map<string, { seq: number; offset: number }> {
    const rows = this.db.prepare('SELECT path, seq, offset FROM training_event_files WHERE run_id = ?').all(runId) as { path: string; seq: number; offset: number }[];
    return new Map(rows.map((r) => [r.path, { seq: r.seq, offset: r.offset }]));
  }

  saveEventFiles(runId: number, files: Map<string, { seq: number; offset: number }>): void {
    const st = this.db.prepare('INSERT OR REPLACE INTO training_event_files (run_id, path, seq, offset) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => files.forEach((f, path) => st.run(runId, path, f.seq, f.offset)))();
  }

  // --- artifacts

  artifacts(runId: number): ArtifactRow[] {
    return this.db.prepare('SELECT * FROM training_artifacts WHERE run_id = ? ORDER BY created_at, path').all(runId) as ArtifactRow[];
  }

  artifact(runId: number, path: string): ArtifactRow | undefined {
    return this.db.prepare('SELECT * FROM training_artifacts WHERE run_id = ? AND path = ?').get(runId, path) as ArtifactRow | undefined;
  }

  upsertArtifact(a: Omit<ArtifactRow, 'created_at' | 'exists_now'>): void {
    this.db
      .prepare(
        `INSERT INTO training_artifacts (run_id, path, kind, seq, engine_step, engine_epoch, seen_step, seen_epoch, final, bytes, exists_now, created_at)
         VALUES (@run_id, @path, @kind, @seq, @engine_step, @engine_epoch, @seen_step, @seen_epoch, @final, @bytes, 1, @created_at)
         ON CONFLICT (run_id, path) DO UPDATE SET kind = excluded.kind, seq = excluded.seq, engine_step = excluded.engine_step,
           engine_epoch = excluded.engine_epoch, seen_step = excluded.seen_step, seen_epoch = excluded.seen_epoch,
           final = excluded.final, bytes = excluded.bytes, exists_now = 1, created_at = excluded.created_at`,
      )
      .run({ ...a, created_at: nowIso() });
  }

  /** Fills in the engine counters of an artifact recorded without them. */
  setArtifactCounters(runId: number, path: string, step: number | null, epoch: number | null): boolean {
    return (
      this.db
        .prepare('UPDATE training_artifacts SET engine_step = COALESCE(engine_step, ?), engine_epoch = COALESCE(engine_epoch, ?) WHERE run_id = ? AND path = ?')
        .run(step, epoch, runId, path).changes > 0
    );
  }

  setArtifactExists(runId: number, path: string, exists: boolean): void {
    this.db.prepare('UPDATE training_artifacts SET exists_now = ? WHERE run_id = ? AND path = ?').run(exists ? 1 : 0, runId, path);
  }

  // --- caches

  cacheCurrent(key: string): string | null {
    return (this.db.prepare('SELECT cache_dir FROM training_caches WHERE cache_key = ?').pluck().get(key) as string | undefined) ?? null;
  }

  recordCache(key: string, dir: string, runId: number): void {
    this.db.prepare('INSERT OR REPLACE INTO training_caches (cache_key, cache_dir, run_id, completed_at) VALUES (?, ?, ?, ?)').run(key, dir, runId, nowIso());
  }

  /** Forgets the finished cache steps of folders that were removed. */
  forgetCaches(dirs: readonly string[]): void {
    const del = this.db.prepare('DELETE FROM training_caches WHERE cache_dir = ?');
    this.db.transaction(() => dirs.forEach((d) => del.run(d)))();
  }
}
