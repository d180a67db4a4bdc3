import { describe, expect, it } from 'vitest';
import { buildItemQuery, ftsPhrase, likePattern, parseIdList, TAG_WALK_SHARE } from '../../src/core/datasets/items-query';
import { itemFilterSchema, type ItemFilter } from '../../src/shared/contract';

const f = (x: Partial<ItemFilter>) => itemFilterSchema.parse(x);

describe('buildItemQuery', () => {
  it('counts from the kept per-dataset counts when only the status filters', () => {
    expect(buildItemQuery(7, f({}), 'name', false)).toMatchObject({
      countSql: "SELECT COALESCE(SUM(n), 0) FROM item_counts WHERE dataset_id = ? AND status != 'missing'",
      countParams: [7],
      textCandidates: null,
    });
    expect(buildItemQuery(7, f({ status: 'ready' }), 'name', false).countSql).toMatch(/item_counts .* AND status = 'ready'$/);
    expect(buildItemQuery(7, f({ status: 'error' }), 'name', false).countSql).toMatch(/AND status = 'error'$/);
    expect(buildItemQuery(7, f({ status: 'uncaptioned' }), 'name', false).countSql).toMatch(/AND has_caption = 0$/);
    const untagged = buildItemQuery(7, f({ status: 'untagged' }), 'name', false);
    expect(untagged.countSql).toMatch(/item_counts .* - \(SELECT COUNT\(\*\) FROM tagged_items WHERE dataset_id = \?\) \+/s);
    expect(untagged.countParams).toEqual([7, 7, 7]);
    expect(untagged.where).toBe("i.dataset_id = ? AND i.status != 'missing' AND NOT EXISTS (SELECT 1 FROM tagged_items x WHERE x.dataset_id = i.dataset_id AND x.item_id = i.id)");
    expect(untagged.params).toEqual([7]);
  });

  it('counts a lone tag filter from the kept tag counts, less the missing items; a tag with a status has no shortcut', () => {
    const q = buildItemQuery(3, f({ tag: 'solo' }), 'date', true);
    expect(q.countSql).toMatch(/FROM tag_counts WHERE dataset_id = \? AND tag = \?/);
    expect(q.countSql).toMatch(/i\.status = 'missing'/);
    expect(q.countParams).toEqual([3, 'solo', 3, 'solo']);
    expect(buildItemQuery(3, f({ tag: 'solo', status: 'ready' }), 'date', true).countSql).toBeNull();
  });

  it('walks the sort order for a common tag on a page, and starts from the tag\'s items otherwise', () => {
    const walk = 'EXISTS (SELECT 1 FROM tags t WHERE t.item_id = i.id AND t.tag = ?)';
    const from = 'i.id IN (SELECT t.item_id FROM tags t WHERE t.tag = ?)';
    expect(buildItemQuery(1, f({ tag: 'a' }), 'name', false, { tagShare: TAG_WALK_SHARE }).where).toContain(walk);
    expect(buildItemQuery(1, f({ tag: 'a' }), 'name', false, { tagShare: TAG_WALK_SHARE / 2 }).where).toContain(from);
    expect(buildItemQuery(1, f({ tag: 'a' }), 'name', false).where).toContain(from);
    // Without a kept count the whole list is read: starting from the tag's items is cheaper whatever the share.
    expect(buildItemQuery(1, f({ tag: 'a', status: 'ready' }), 'name', false, { tagShare: 0.9 }).where).toContain(from);
    expect(buildItemQuery(1, f({ tag: 'a', text: 'xyz' }), 'name', false, { tagShare: 0.9 }).where).toContain(from);
  });

  it('turns text into candidate lists: the trigram index from 3 characters, a scan below; tags through the vocabulary', () => {
    const q = buildItemQuery(5, f({ text: '  Blue "Hair" ' }), 'name', false);
    expect(q.countSql).toBeNull();
    expect(q.where).not.toMatch(/item_search/);
    expect(q.textCandidates).toEqual([
      { sql: 'SELECT rowid AS id FROM item_search WHERE item_search MATCH ?', params: ['"Blue ""Hair"""'] },
      { sql: expect.stringMatching(/FROM tags t WHERE t\.tag IN \(\s+SELECT v\.tag FROM tag_counts v WHERE v\.dataset_id = \? AND v\.n > 0 AND v\.tag LIKE \?/), params: [5, '%blue "hair"%'] },
    ]);
    // Two characters (code points, not UTF-16 units) are too short for trigrams.
    const short = buildItemQuery(5, f({ text: '猫🐈' }), 'name', false);
    expect(short.textCandidates![0]).toEqual({
      sql: "SELECT rowid AS id FROM item_search WHERE name LIKE ? ESCAPE '\\' OR caption LIKE ? ESCAPE '\\'",
      params: ['%猫🐈%', '%猫🐈%'],
    });
    expect(buildItemQuery(5, f({ text: '   ' }), 'name', false).textCandidates).toBeNull();
  });

  it('orders by the indexed expression of each sort, the id breaking ties in the same direction', () => {
    expect(buildItemQuery(1, f({}), 'name', false).orderBy).toBe('i.rel_path COLLATE NOCASE ASC, i.id ASC');
    expect(buildItemQuery(1, f({}), 'date', true).orderBy).toBe('i.mtime_ms DESC, i.id DESC');
    expect(buildItemQuery(1, f({}), 'size', false).orderBy).toBe('i.byte_size ASC, i.id ASC');
    expect(buildItemQuery(1, f({}), 'resolution', true).orderBy).toBe('(i.width * i.height) DESC, i.id DESC');
    expect(buildItemQuery(1, f({}), 'nonsense', false).orderBy).toBe('i.rel_path COLLATE NOCASE ASC, i.id ASC');
  });
});

describe('query helpers', () => {
  it('escapes LIKE wildcards and FTS quotes, and parses group_concat id lists', () => {
    expect(likePattern('100%_a\\B')).toBe('%100\\%\\_a\\\\b%');
    expect(ftsPhrase('say "hi"')).toBe('"say ""hi"""');
    expect(parseIdList(null)).toEqual([]);
    expect(parseIdList('3,1,20')).toEqual([3, 1, 20]);
  });
});
