/** Versioned schema migrations, applied in list order at start-up, each once, each in a transaction.
 * A domain adds its own entries with a unique id; never edit an entry that has shipped. */
export interface Migration {
  id: string;
  sql: string;
}

export const coreMigrations: Migration[] = [
  {
    id: 'core-001-base',
    sql: `
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  kind TEXT NOT NULL CHECK (kind IN ('image','video','control-pair')),
  settings TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

CREATE TABLE dataset_roots (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('linked','library')),
  watch INTEGER NOT NULL DEFAULT 0,
  UNIQUE (dataset_id, path)
);

CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  root_id INTEGER REFERENCES dataset_roots(id) ON DELETE SET NULL,
  rel_path TEXT NOT NULL,
  abs_path TEXT NOT NULL,
  media TEXT NOT NULL DEFAULT 'image' CHECK (media IN ('image','video')),
  role TEXT NOT NULL DEFAULT 'target' CHECK (role IN ('target','control')),
  -- control-image pairs: items sharing a pair_key within a dataset belong together
  pair_key TEXT,
  sha256 TEXT,
  byte_size INTEGER,
  width INTEGER,
  height INTEGER,
  format TEXT,
  orientation INTEGER,
  mtime_ms REAL,
  duration_ms REAL,
  frame_count INTEGER,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','ready','error','missing')),
  error_code TEXT,
  error TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  UNIQUE (dataset_id, abs_path)
);
CREATE INDEX items_dataset_rel ON items(dataset_id, rel_path);
CREATE INDEX items_sha ON items(sha256);
CREATE INDEX items_dataset_status ON items(dataset_id, status);

CREATE TABLE captions (
  item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT 'manual',
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

-- The item's current tag list. source is 'manual' or the id of the model that proposed the tag.
CREATE TABLE tags (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT 'manual',
  score REAL,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (item_id, tag)
);
CREATE INDEX tags_tag ON tags(tag);

-- Content-addressed renditions: identical files share them.
CREATE TABLE renditions (
  sha256 TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('preview','medium')),
  path TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  PRIMARY KEY (sha256, kind)
);

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled','interrupted')),
  title TEXT NOT NULL,
  dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  params TEXT NOT NULL DEFAULT '{}',
  -- job-kind-specific resumable state
  state TEXT NOT NULL DEFAULT '{}',
  done INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,
  message TEXT,
  error TEXT,
  result TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  started_at TEXT,
  finished_at TEXT
);
CREATE INDEX jobs_status ON jobs(status);

CREATE TABLE job_errors (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX job_errors_job ON job_errors(job_id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
  },
];
