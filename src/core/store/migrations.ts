/** Versioned schema migrations, applied in list order at start-up, each once, each in a transaction.
 * A domain adds its own entries with a unique id; never edit an entry that has shipped. */
export interface Migration {
  id: string;
  sql: string;
}

/** In a trigger on `tags` (core-003): counts row `r` (NEW) in, or (OLD) out, of tag_counts and tagged_items. */
function tagRowIn(r: 'NEW'): string {
  return `INSERT INTO tag_counts VALUES ((SELECT dataset_id FROM items WHERE id = ${r}.item_id), ${r}.tag, 1,
    COALESCE(${r}.score, 0), ${r}.score IS NOT NULL, ${r}.source != 'manual')
    ON CONFLICT (dataset_id, tag) DO UPDATE SET n = n + 1, score_sum = score_sum + excluded.score_sum,
      scored = scored + excluded.scored, model_n = model_n + excluded.model_n;
  INSERT OR IGNORE INTO tagged_items VALUES ((SELECT dataset_id FROM items WHERE id = ${r}.item_id), ${r}.item_id);`;
}

function tagRowOut(r: 'OLD'): string {
  return `UPDATE tag_counts SET n = n - 1, score_sum = score_sum - COALESCE(${r}.score, 0), scored = scored - (${r}.score IS NOT NULL),
    model_n = model_n - (${r}.source != 'manual')
  WHERE dataset_id = (SELECT dataset_id FROM items WHERE id = ${r}.item_id) AND tag = ${r}.tag;
  DELETE FROM tagged_items WHERE item_id = ${r}.item_id AND dataset_id = (SELECT dataset_id FROM items WHERE id = ${r}.item_id)
    AND NOT EXISTS (SELECT 1 FROM tags WHERE item_id = ${r}.item_id);`;
}

/** The tag row triggers (core-003); core-004 appends the text log's statements to their bodies. */
function tagRowTriggers(log?: { insert: string; delete: string; update: string }): string {
  const tail = (sql: string | undefined): string => (sql ? `\n  ${sql}` : '');
  return `DROP TRIGGER tags_listing_insert;
CREATE TRIGGER tags_listing_insert AFTER INSERT ON tags
WHEN NOT EXISTS (SELECT 1 FROM tags_bulk_write)
BEGIN
  ${tagRowIn('NEW')}${tail(log?.insert)}
END;

DROP TRIGGER tags_listing_delete;
CREATE TRIGGER tags_listing_delete AFTER DELETE ON tags
WHEN NOT EXISTS (SELECT 1 FROM tags_bulk_write)
BEGIN
  ${tagRowOut('OLD')}${tail(log?.delete)}
END;

-- Also a changed score or source (an edit writing a row over), which moves the sums.
DROP TRIGGER tags_listing_update;
CREATE TRIGGER tags_listing_update AFTER UPDATE OF item_id, tag, source, score ON tags
WHEN (OLD.item_id != NEW.item_id OR OLD.tag != NEW.tag OR OLD.source != NEW.source OR OLD.score IS NOT NEW.score)
  AND NOT EXISTS (SELECT 1 FROM tags_bulk_write)
BEGIN
  ${tagRowOut('OLD')}
  ${tagRowIn('NEW')}${tail(log?.update)}
END;
`;
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
  {
    // Listing a 100,000-item dataset in a few ms: covering indexes for every sort, per-dataset item and tag counts
    // kept by triggers (a total is one read, not a scan), a flag for the uncaptioned filter, the set of tagged
    // items, and a trigram index for substring search over names and captions.
    id: 'core-002-listing',
    sql: `
ALTER TABLE items ADD COLUMN has_caption INTEGER NOT NULL DEFAULT 0;
UPDATE items SET has_caption = EXISTS (SELECT 1 FROM captions c WHERE c.item_id = items.id AND trim(c.text) != '');

-- One per sort of items.list. Partial (missing files are never listed) and covering the filter columns, so a page
-- at any offset and a filtered walk read the index only; the id column makes the order (sort key, id).
CREATE INDEX items_list_name ON items(dataset_id, rel_path COLLATE NOCASE, id, status, has_caption) WHERE status != 'missing';
CREATE INDEX items_list_date ON items(dataset_id, mtime_ms, id, status, has_caption) WHERE status != 'missing';
CREATE INDEX items_list_size ON items(dataset_id, byte_size, id, status, has_caption) WHERE status != 'missing';
CREATE INDEX items_list_resolution ON items(dataset_id, (width * height), id, status, has_caption) WHERE status != 'missing';

-- A tag's items without visiting the tags table.
DROP INDEX tags_tag;
CREATE INDEX tags_tag_item ON tags(tag, item_id);

-- Items per dataset, status and caption flag.
CREATE TABLE item_counts (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  has_caption INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, status, has_caption)
) WITHOUT ROWID;
INSERT INTO item_counts SELECT dataset_id, status, has_caption, COUNT(*) FROM items GROUP BY 1, 2, 3;

-- Items carrying each tag, per dataset, whatever their status: the dataset's tag vocabulary with its counts (the
-- tag list and the tag filter read them instead of the tag rows).
CREATE TABLE tag_counts (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, tag)
) WITHOUT ROWID;
INSERT INTO tag_counts SELECT i.dataset_id, t.tag, COUNT(*) FROM tags t JOIN items i ON i.id = t.item_id GROUP BY 1, 2;

-- The items that have tags, per dataset (the untagged filter). Kept by an insert that is a no-op once the row
-- exists, not by a flag on items: the tagger writes millions of tag rows, and updating items from each made a tag
-- row several times dearer to write (measured with the tagger's re-slice benchmark).
CREATE TABLE tagged_items (dataset_id INTEGER NOT NULL, item_id INTEGER NOT NULL, PRIMARY KEY (dataset_id, item_id)) WITHOUT ROWID;
INSERT INTO tagged_items SELECT DISTINCT i.dataset_id, t.item_id FROM tags t JOIN items i ON i.id = t.item_id;

-- Substring search (3+ characters) over file names and captions; rowid = items.id.
CREATE VIRTUAL TABLE item_search USING fts5(name, caption, tokenize = 'trigram');
INSERT INTO item_search (rowid, name, caption)
  SELECT i.id, i.rel_path, c.text FROM items i LEFT JOIN captions c ON c.item_id = i.id;

CREATE TRIGGER items_listing_insert AFTER INSERT ON items BEGIN
  INSERT INTO item_counts VALUES (NEW.dataset_id, NEW.status, NEW.has_caption, 1)
    ON CONFLICT (dataset_id, status, has_caption) DO UPDATE SET n = n + 1;
  INSERT INTO item_search (rowid, name, caption) VALUES (NEW.id, NEW.rel_path, (SELECT text FROM captions WHERE item_id = NEW.id));
END;

CREATE TRIGGER items_listing_update AFTER UPDATE OF dataset_id, status, has_caption ON items
WHEN OLD.dataset_id != NEW.dataset_id OR OLD.status != NEW.status OR OLD.has_caption != NEW.has_caption
BEGIN
  UPDATE item_counts SET n = n - 1 WHERE dataset_id = OLD.dataset_id AND status = OLD.status AND has_caption = OLD.has_caption;
  INSERT INTO item_counts VALUES (NEW.dataset_id, NEW.status, NEW.has_caption, 1)
    ON CONFLICT (dataset_id, status, has_caption) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER items_listing_rename AFTER UPDATE OF rel_path ON items WHEN OLD.rel_path != NEW.rel_path BEGIN
  UPDATE item_search SET name = NEW.rel_path WHERE rowid = NEW.id;
END;

-- The item's tags are counted out here, while the item still exists; the cascade that deletes them then finds no
-- item and changes nothing. A whole dataset being deleted (its row already gone) skips this: its counts go with it.
CREATE TRIGGER items_listing_delete_tags BEFORE DELETE ON items
WHEN EXISTS (SELECT 1 FROM datasets WHERE id = OLD.dataset_id)
BEGIN
  UPDATE tag_counts SET n = n - 1 WHERE dataset_id = OLD.dataset_id AND tag IN (SELECT tag FROM tags WHERE item_id = OLD.id);
END;

CREATE TRIGGER items_listing_delete AFTER DELETE ON items BEGIN
  UPDATE item_counts SET n = n - 1 WHERE dataset_id = OLD.dataset_id AND status = OLD.status AND has_caption = OLD.has_caption;
  DELETE FROM item_search WHERE rowid = OLD.id;
  DELETE FROM tagged_items WHERE dataset_id = OLD.dataset_id AND item_id = OLD.id;
END;

CREATE TRIGGER datasets_listing_delete AFTER DELETE ON datasets BEGIN
  DELETE FROM tagged_items WHERE dataset_id = OLD.id;
END;

CREATE TRIGGER captions_listing_insert AFTER INSERT ON captions BEGIN
  UPDATE items SET has_caption = (trim(NEW.text) != '') WHERE id = NEW.item_id AND has_caption != (trim(NEW.text) != '');
  UPDATE item_search SET caption = NEW.text WHERE rowid = NEW.item_id;
END;

CREATE TRIGGER captions_listing_update AFTER UPDATE OF item_id, text ON captions BEGIN
  UPDATE items SET has_caption = 0 WHERE id = OLD.item_id AND OLD.item_id != NEW.item_id;
  UPDATE item_search SET caption = NULL WHERE rowid = OLD.item_id AND OLD.item_id != NEW.item_id;
  UPDATE items SET has_caption = (trim(NEW.text) != '') WHERE id = NEW.item_id AND has_caption != (trim(NEW.text) != '');
  UPDATE item_search SET caption = NEW.text WHERE rowid = NEW.item_id;
END;

CREATE TRIGGER captions_listing_delete AFTER DELETE ON captions BEGIN
  UPDATE items SET has_caption = 0 WHERE id = OLD.item_id AND has_caption = 1;
  UPDATE item_search SET caption = NULL WHERE rowid = OLD.item_id;
END;

-- Per tag row: a keyed count update, and an insert that is a no-op once the item is known to have tags.
CREATE TRIGGER tags_listing_insert AFTER INSERT ON tags BEGIN
  INSERT INTO tag_counts VALUES ((SELECT dataset_id FROM items WHERE id = NEW.item_id), NEW.tag, 1)
    ON CONFLICT (dataset_id, tag) DO UPDATE SET n = n + 1;
  INSERT OR IGNORE INTO tagged_items VALUES ((SELECT dataset_id FROM items WHERE id = NEW.item_id), NEW.item_id);
END;

-- An item that loses its last tag leaves tagged_items (an item being deleted is removed by items_listing_delete).
CREATE TRIGGER tags_listing_delete AFTER DELETE ON tags BEGIN
  UPDATE tag_counts SET n = n - 1 WHERE dataset_id = (SELECT dataset_id FROM items WHERE id = OLD.item_id) AND tag = OLD.tag;
  DELETE FROM tagged_items WHERE item_id = OLD.item_id AND dataset_id = (SELECT dataset_id FROM items WHERE id = OLD.item_id)
    AND NOT EXISTS (SELECT 1 FROM tags WHERE item_id = OLD.item_id);
END;

CREATE TRIGGER tags_listing_update AFTER UPDATE OF item_id, tag ON tags
WHEN OLD.item_id != NEW.item_id OR OLD.tag != NEW.tag
BEGIN
  UPDATE tag_counts SET n = n - 1 WHERE dataset_id = (SELECT dataset_id FROM items WHERE id = OLD.item_id) AND tag = OLD.tag;
  DELETE FROM tagged_items WHERE item_id = OLD.item_id AND dataset_id = (SELECT dataset_id FROM items WHERE id = OLD.item_id)
    AND NOT EXISTS (SELECT 1 FROM tags WHERE item_id = OLD.item_id);
  INSERT INTO tag_counts VALUES ((SELECT dataset_id FROM items WHERE id = NEW.item_id), NEW.tag, 1)
    ON CONFLICT (dataset_id, tag) DO UPDATE SET n = n + 1;
  INSERT OR IGNORE INTO tagged_items VALUES ((SELECT dataset_id FROM items WHERE id = NEW.item_id), NEW.item_id);
END;

-- A tag no item of the dataset carries any more leaves the vocabulary.
CREATE TRIGGER tag_counts_emptied AFTER UPDATE OF n ON tag_counts WHEN NEW.n <= 0 BEGIN
  DELETE FROM tag_counts WHERE dataset_id = NEW.dataset_id AND tag = NEW.tag;
END;
`,
  },
  {
    // Re-slicing a tagger's thresholds changes tens of thousands of tag rows at once; per row, the listing triggers
    // cost more than the row itself. Such a writer sets tags_bulk_write inside its transaction and keeps tag_counts
    // and tagged_items itself, one statement per touched tag and item (src/core/tagger/reslice-write.ts). tag_counts
    // also keeps each tag's score sum and model rows, so the tag table reads it instead of grouping the tag rows.
    id: 'core-003-tag-bulk-writes',
    sql: `
CREATE TABLE tags_bulk_write (one INTEGER PRIMARY KEY CHECK (one = 1));

ALTER TABLE tag_counts ADD COLUMN score_sum REAL NOT NULL DEFAULT 0;
-- Rows with a score (the mean's divisor) and rows a model added.
ALTER TABLE tag_counts ADD COLUMN scored INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tag_counts ADD COLUMN model_n INTEGER NOT NULL DEFAULT 0;
UPDATE tag_counts SET (score_sum, scored, model_n) = (
  SELECT COALESCE(SUM(t.score), 0), COUNT(t.score), COALESCE(SUM(t.source != 'manual'), 0)
  FROM tags t JOIN items i ON i.id = t.item_id WHERE i.dataset_id = tag_counts.dataset_id AND t.tag = tag_counts.tag);

DROP TRIGGER items_listing_delete_tags;
CREATE TRIGGER items_listing_delete_tags BEFORE DELETE ON items
WHEN EXISTS (SELECT 1 FROM datasets WHERE id = OLD.dataset_id)
BEGIN
  UPDATE tag_counts SET n = n - 1, score_sum = score_sum - COALESCE(t.score, 0), scored = scored - (t.score IS NOT NULL),
    model_n = model_n - (t.source != 'manual')
  FROM (SELECT tag, score, source FROM tags WHERE item_id = OLD.id) AS t
  WHERE tag_counts.dataset_id = OLD.dataset_id AND tag_counts.tag = t.tag;
END;

${tagRowTriggers()}`,
  },
  {
    // The long-lived hosts keep each open dataset's names, captions and tags in memory for text search
    // (src/core/datasets/text-index.ts). They catch up from this log of the items whose searchable state changed,
    // written by every writer through these triggers (a bulk tag writer logs its items itself); the log is pruned
    // (text_changes_pruned.upto: an index older than that rebuilds).
    id: 'core-004-text-changes',
    sql: `
-- seq is the rowid, each new one past the largest: pruning always keeps the newest rows, so it only grows
-- (AUTOINCREMENT would say so too, for one more write per logged row).
CREATE TABLE text_changes (seq INTEGER PRIMARY KEY, item_id INTEGER NOT NULL);
CREATE TABLE text_changes_pruned (one INTEGER PRIMARY KEY CHECK (one = 1), upto INTEGER NOT NULL);

CREATE TRIGGER items_text_insert AFTER INSERT ON items BEGIN
  INSERT INTO text_changes (item_id) VALUES (NEW.id);
END;
CREATE TRIGGER items_text_update AFTER UPDATE OF dataset_id, status, has_caption, rel_path ON items
WHEN OLD.dataset_id != NEW.dataset_id OR OLD.status != NEW.status OR OLD.has_caption != NEW.has_caption OR OLD.rel_path != NEW.rel_path
BEGIN
  INSERT INTO text_changes (item_id) VALUES (NEW.id);
END;
CREATE TRIGGER items_text_delete AFTER DELETE ON items BEGIN
  INSERT INTO text_changes (item_id) VALUES (OLD.id);
END;

CREATE TRIGGER captions_text_insert AFTER INSERT ON captions BEGIN
  INSERT INTO text_changes (item_id) VALUES (NEW.item_id);
END;
CREATE TRIGGER captions_text_update AFTER UPDATE OF item_id, text ON captions BEGIN
  INSERT INTO text_changes (item_id) SELECT OLD.item_id WHERE OLD.item_id != NEW.item_id;
  INSERT INTO text_changes (item_id) VALUES (NEW.item_id);
END;
CREATE TRIGGER captions_text_delete AFTER DELETE ON captions BEGIN
  INSERT INTO text_changes (item_id) VALUES (OLD.item_id);
END;

-- Tag rows are the hot path (a tagger writes millions): the log joins the listing triggers' bodies rather than
-- adding triggers whose WHEN would be evaluated once more per row.
${tagRowTriggers({
  insert: 'INSERT INTO text_changes (item_id) VALUES (NEW.item_id);',
  delete: 'INSERT INTO text_changes (item_id) VALUES (OLD.item_id);',
  update: `INSERT INTO text_changes (item_id) SELECT OLD.item_id WHERE OLD.item_id != NEW.item_id OR OLD.tag != NEW.tag;
  INSERT INTO text_changes (item_id) SELECT NEW.item_id WHERE OLD.item_id != NEW.item_id;`,
})}`,
  },
];
