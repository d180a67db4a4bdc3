import type { Migration } from '../store';

/** tagKey() (select/tag-text.ts) in SQL, for ASCII tags: case, surrounding space, `\(` escapes, underscores. */
function tagKeySql(col: string): string {
  return `lower(replace(replace(replace(trim(${col}), '\\(', '('), '\\)', ')'), '_', ' '))`;
}

/** In a trigger: the item's suppressions change, and so may what each model selects for it (another tag fits
 * under a general-tag cap; the same tag in another spelling goes): every model re-reads its rows next time. */
const RESELECT = (item: string): string => `INSERT OR IGNORE INTO tagger_unwritten (item_id, model_id)
    SELECT item_id, model_id FROM tagger_scores WHERE item_id = ${item}`;

/** In a trigger on a model row the user removed or renamed (OLD): keeps it out of re-slices. */
const SUPPRESS_OLD = `INSERT OR IGNORE INTO tag_suppressions (item_id, tag) VALUES (OLD.item_id, OLD.tag);
  ${RESELECT('OLD.item_id')};`;

export const taggerMigrations: Migration[] = [
  {
    id: 'tagger-001-scores',
    sql: `
-- A model whose scores are stored; vocab_sha tells when its selected_tags.csv changed (then old scores go).
CREATE TABLE tagger_models (
  id TEXT PRIMARY KEY,
  vocab_sha TEXT NOT NULL,
  tag_count INTEGER NOT NULL
);

-- selected_tags.csv: row tag_index names output tag_index.
CREATE TABLE tagger_vocab (
  model_id TEXT NOT NULL REFERENCES tagger_models(id) ON DELETE CASCADE,
  tag_index INTEGER NOT NULL,
  name TEXT NOT NULL,
  category INTEGER NOT NULL,
  post_count INTEGER NOT NULL,
  PRIMARY KEY (model_id, tag_index)
) WITHOUT ROWID;

-- Every score above the floor of one item by one model, packed (scores-codec.ts): one row per item and model,
-- so re-slicing 10,000 items reads 10,000 rows.
CREATE TABLE tagger_scores (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  model_id TEXT NOT NULL REFERENCES tagger_models(id) ON DELETE CASCADE,
  scores BLOB NOT NULL,
  PRIMARY KEY (item_id, model_id)
) WITHOUT ROWID;
CREATE INDEX tagger_scores_model ON tagger_scores(model_id);

-- The selection last applied to a dataset for a model.
CREATE TABLE tagger_selections (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  model_id TEXT NOT NULL,
  settings TEXT NOT NULL,
  applied INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (dataset_id, model_id)
) WITHOUT ROWID;

-- What re-slicing last wrote for an item and model: a hash of the selection (unchanged items are skipped),
-- the tag-text settings it was written with, and the selection itself (output indices and positions, int32
-- pairs), so that a threshold move is written as a diff without reading the items' tags back.
CREATE TABLE tagger_applied (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  model_id TEXT NOT NULL,
  sig INTEGER NOT NULL,
  text_seed INTEGER NOT NULL,
  selection BLOB NOT NULL,
  PRIMARY KEY (item_id, model_id)
) WITHOUT ROWID;

-- Tags a user removed from an item. Re-slicing never writes them back; adding the tag again lifts it.
CREATE TABLE tag_suppressions (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (item_id, tag)
) WITHOUT ROWID;

-- Holds a row only inside the tagger's own write transaction: its deletions are re-slicing, not a user's removal.
CREATE TABLE tagger_writing (one INTEGER PRIMARY KEY CHECK (one = 1));

-- Recorded in the store rather than by each editor, so that every path that removes or renames a model's tag
-- (bulk edits, the item editor, undo) keeps it removed. An item being deleted (cascade) records nothing.
CREATE TRIGGER tags_model_tag_removed AFTER DELETE ON tags
WHEN OLD.source != 'manual'
  AND NOT EXISTS (SELECT 1 FROM tagger_writing)
  AND EXISTS (SELECT 1 FROM items WHERE id = OLD.item_id)
BEGIN
  INSERT OR IGNORE INTO tag_suppressions (item_id, tag) VALUES (OLD.item_id, OLD.tag);
END;

CREATE TRIGGER tags_model_tag_renamed AFTER UPDATE OF tag ON tags
WHEN OLD.source != 'manual' AND OLD.tag != NEW.tag AND NOT EXISTS (SELECT 1 FROM tagger_writing)
BEGIN
  INSERT OR IGNORE INTO tag_suppressions (item_id, tag) VALUES (OLD.item_id, OLD.tag);
END;

-- The tagger never writes a suppressed tag, so its own inserts skip this.
CREATE TRIGGER tags_added_lifts_suppression AFTER INSERT ON tags
WHEN NOT EXISTS (SELECT 1 FROM tagger_writing)
BEGIN
  DELETE FROM tag_suppressions WHERE item_id = NEW.item_id AND tag = NEW.tag;
END;
`,
  },
  {
    // Re-slicing without a per-item record: what an item's rows hold is the selection of its scores under the
    // dataset's applied settings (tagger_selections), except for items scored since or whose model rows an edit
    // wrote back (tagger_unwritten): their rows are read back. The suppression triggers step aside on the store's
    // tags_bulk_write flag (core-003), which the re-slice sets for its own writes. score_gen tells a process that
    // another one wrote a model's scores.
    id: 'tagger-002-derived-writes',
    sql: `
DROP TABLE tagger_applied;

CREATE TABLE tagger_unwritten (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  model_id TEXT NOT NULL REFERENCES tagger_models(id) ON DELETE CASCADE,
  PRIMARY KEY (model_id, item_id)
) WITHOUT ROWID;
INSERT INTO tagger_unwritten (item_id, model_id) SELECT item_id, model_id FROM tagger_scores;

ALTER TABLE tagger_models ADD COLUMN score_gen INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER tags_model_tag_removed;
CREATE TRIGGER tags_model_tag_removed AFTER DELETE ON tags
WHEN OLD.source != 'manual'
  AND NOT EXISTS (SELECT 1 FROM tags_bulk_write)
  AND EXISTS (SELECT 1 FROM items WHERE id = OLD.item_id)
BEGIN
  ${SUPPRESS_OLD}
END;

DROP TRIGGER tags_model_tag_renamed;
CREATE TRIGGER tags_model_tag_renamed AFTER UPDATE OF tag ON tags
WHEN OLD.source != 'manual' AND OLD.tag != NEW.tag AND NOT EXISTS (SELECT 1 FROM tags_bulk_write)
BEGIN
  ${SUPPRESS_OLD}
END;

-- The same tag in another spelling lifts it too.
DROP TRIGGER tags_added_lifts_suppression;
CREATE TRIGGER tags_added_lifts_suppression AFTER INSERT ON tags
WHEN NOT EXISTS (SELECT 1 FROM tags_bulk_write)
  AND EXISTS (SELECT 1 FROM tag_suppressions WHERE item_id = NEW.item_id AND ${tagKeySql('tag')} = ${tagKeySql('NEW.tag')})
BEGIN
  DELETE FROM tag_suppressions WHERE item_id = NEW.item_id AND ${tagKeySql('tag')} = ${tagKeySql('NEW.tag')};
  ${RESELECT('NEW.item_id')};
END;

-- A model's row written back by an edit (undo of a removal) is the model's again, but may not be what its
-- current selection holds: the next re-slice reads the item's rows back.
CREATE TRIGGER tags_model_row_written AFTER INSERT ON tags
WHEN NEW.source != 'manual' AND NOT EXISTS (SELECT 1 FROM tags_bulk_write)
BEGIN
  INSERT OR IGNORE INTO tagger_unwritten (item_id, model_id)
    SELECT NEW.item_id, NEW.source WHERE EXISTS (SELECT 1 FROM tagger_models WHERE id = NEW.source);
END;

CREATE TRIGGER tags_model_row_rewritten AFTER UPDATE OF source ON tags
WHEN NEW.source != 'manual' AND OLD.source != NEW.source AND NOT EXISTS (SELECT 1 FROM tags_bulk_write)
BEGIN
  INSERT OR IGNORE INTO tagger_unwritten (item_id, model_id)
    SELECT NEW.item_id, NEW.source WHERE EXISTS (SELECT 1 FROM tagger_models WHERE id = NEW.source);
END;

DROP TABLE tagger_writing;
`,
  },
  {
    // A large re-slice commits in chunks (reslice-write.ts): its first one saves the new settings as applied and
    // marks every item it will change here; each chunk writes some of those items and takes their marks away.
    // Until then their rows are read back, like tagger_unwritten's, so a process that stops between chunks
    // leaves a store that the next re-slice reads right. Kept apart from tagger_unwritten so that an edit made
    // while the chunks run is seen (its trigger inserts there).
    id: 'tagger-003-pending-writes',
    sql: `
CREATE TABLE tagger_pending (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  model_id TEXT NOT NULL REFERENCES tagger_models(id) ON DELETE CASCADE,
  PRIMARY KEY (model_id, item_id)
) WITHOUT ROWID;
`,
  },
];
