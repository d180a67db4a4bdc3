import type { Migration } from '../store';

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
];
