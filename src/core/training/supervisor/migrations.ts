import type { Migration } from '../../store';

export const supervisorMigrations: Migration[] = [
  {
    id: 'training-001-runs',
    sql: `
-- The queue of training runs. plan is the RunPlan JSON; step_states the status of each of its steps.
CREATE TABLE training_runs (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  engine TEXT NOT NULL,
  model_type TEXT NOT NULL,
  dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  gpu TEXT NOT NULL DEFAULT '0',
  plan TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued','running','stopping','stopped','done','failed','cancelled')),
  position REAL NOT NULL,
  step_index INTEGER NOT NULL DEFAULT 0,
  step_states TEXT NOT NULL DEFAULT '[]',
  -- the current launch: its folder (launch.json, output.log, pid.json, exit.json), launcher pid, engine group
  attempt_dir TEXT,
  attempt_seq INTEGER NOT NULL DEFAULT 0,
  launcher_pid INTEGER,
  pgid INTEGER,
  log_offset INTEGER NOT NULL DEFAULT 0,
  progress TEXT NOT NULL DEFAULT '{}',
  stop_mode TEXT CHECK (stop_mode IN ('graceful','save','kill','cancel','nan')),
  stop_requested_at INTEGER,
  error TEXT,
  exit_code INTEGER,
  exit_signal TEXT,
  -- the state the next training launch resumes from
  resume_state TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  started_at TEXT,
  finished_at TEXT
);
CREATE INDEX training_runs_status ON training_runs(status, position);

-- Each launch of a run's training step. Engines restart or miscount their counters on resume; the offsets map
-- what a launch reports onto the run's own axis (decided from its first report; see accounting.ts).
CREATE TABLE training_segments (
  run_id INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  output_name TEXT NOT NULL,
  resume_state TEXT,
  resume_step INTEGER NOT NULL DEFAULT 0,
  resume_epoch INTEGER NOT NULL DEFAULT 0,
  step_offset INTEGER,
  epoch_offset INTEGER,
  started_at INTEGER NOT NULL,
  PRIMARY KEY (run_id, seq)
);

-- Scalars from the TensorBoard event files, on the run's axis (axis 'epoch' for epoch-level tags). NULL value: NaN.
CREATE TABLE training_metrics (
  run_id INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  step INTEGER NOT NULL,
  value REAL,
  wall_time REAL NOT NULL,
  PRIMARY KEY (run_id, tag, step)
) WITHOUT ROWID;

-- How far each event file has been read, and which launch wrote it.
CREATE TABLE training_event_files (
  run_id INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  seq INTEGER NOT NULL,
  offset INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, path)
) WITHOUT ROWID;

-- Checkpoints, state folders and samples, with the counters the engine gave them (engine_*) and the launch
-- (seq) that wrote them; the run-axis step/epoch are derived with that launch's offsets.
CREATE TABLE training_artifacts (
  run_id INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('checkpoint','state','sample')),
  seq INTEGER NOT NULL,
  engine_step INTEGER,
  engine_epoch INTEGER,
  -- run-axis counters observed when it appeared, for names that carry none
  seen_step INTEGER,
  seen_epoch INTEGER,
  final INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER,
  exists_now INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  PRIMARY KEY (run_id, path)
);

-- Completed cache steps: a step with the same key is skipped while its folder exists.
CREATE TABLE training_caches (
  cache_key TEXT PRIMARY KEY,
  cache_dir TEXT NOT NULL,
  run_id INTEGER,
  completed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
`,
  },
  {
    id: 'training-002-stop-stages',
    sql: `
-- How far a stop has got (stop-stages.ts): 0 asked for, 1 the engine asked (stop file, SIGINT), 2 SIGTERM, 3 killed;
-- and when that stage was reached. Whichever process asks for a stop, the supervisor watching the run escalates it.
ALTER TABLE training_runs ADD COLUMN stop_stage INTEGER NOT NULL DEFAULT 0;
ALTER TABLE training_runs ADD COLUMN stop_stage_at INTEGER;
`,
  },
  {
    id: 'training-003-nan-step',
    sql: `
-- The first step (run axis) at which a launch's loss was NaN: its states from there on hold diverged weights and
-- are never resumed from.
ALTER TABLE training_segments ADD COLUMN nan_step INTEGER;
`,
  },
];
