import type { Migration } from '../store';

/** The undo log: one step per edit call, with each changed item's delta (only the rows and caption it touched). */
export const editsMigrations: Migration[] = [
  {
    id: 'edits-001-undo-log',
    sql: `
CREATE TABLE edit_steps (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  op TEXT NOT NULL,
  item_count INTEGER NOT NULL,
  undone INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  -- last time the step was extended by a coalesced edit (ms since the epoch)
  updated_ms INTEGER NOT NULL
);
CREATE INDEX edit_steps_dataset ON edit_steps(dataset_id, undone, id);

CREATE TABLE edit_changes (
  step_id INTEGER NOT NULL REFERENCES edit_steps(id) ON DELETE CASCADE,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  -- JSON {caption?: {before, after}, tags?: {before: TagRow[], after: TagRow[]}}
  delta TEXT NOT NULL,
  PRIMARY KEY (step_id, item_id)
) WITHOUT ROWID;
CREATE INDEX edit_changes_item ON edit_changes(item_id);
`,
  },
];
