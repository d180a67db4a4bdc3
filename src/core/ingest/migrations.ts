import type { Migration } from '../store';

export const ingestMigrations: Migration[] = [
  {
    id: 'ingest-001-import-entries',
    sql: `
-- The work list of an import job, in discovery order (id). A restart resumes from the pending rows; each row
-- becomes done (or skipped) in the same transaction that writes its item, so no file is imported twice or lost.
CREATE TABLE import_entries (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  -- the file found on disk, or the zip archive holding it
  source TEXT NOT NULL,
  -- the member of the archive ('' for plain files)
  zip_entry TEXT NOT NULL DEFAULT '',
  root_id INTEGER REFERENCES dataset_roots(id) ON DELETE CASCADE,
  rel_path TEXT,
  -- the item's file: the source itself when linked, else its copy in the library (chosen once, at discovery)
  dest TEXT,
  -- the caption sidecar: a file path, or a member of the same archive
  caption TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending','done','skipped')),
  -- done: ready | error | duplicate | unchanged; skipped: the reason's code
  outcome TEXT,
  item_id INTEGER,
  UNIQUE (job_id, source, zip_entry)
);
CREATE INDEX import_entries_work ON import_entries(job_id, status, id);
CREATE INDEX import_entries_dest ON import_entries(dest);
`,
  },
];
