import { describe, expect, it } from 'vitest';
import { addTags, diffTags, removeTags, reorderTags, replaceTag, type TagRow } from '../../src/core/edits';

const row = (tag: string, position: number, source = 'manual', score: number | null = null): TagRow => ({ tag, source, score, position });
const names = (rows: TagRow[]) => [...rows].sort((a, b) => a.position - b.position).map((r) => r.tag);

describe('tag list transforms', () => {
  const base = [row('1girl', 0, 'wd-v3', 0.98), row('smile', 1, 'wd-v3', 0.7), row('outdoors', 2)];

  it('adds at the end or the start without renumbering existing tags, skipping ones present', () => {
    const end = addTags(base, ['hat', 'smile', 'hat'], 'end');
    expect(names(end)).toEqual(['1girl', 'smile', 'outdoors', 'hat']);
    expect(diffTags(base, end)).toEqual({ before: [], after: [row('hat', 3)] });
    const start = addTags(base, ['ohwx', 'style'], 'start');
    expect(names(start)).toEqual(['ohwx', 'style', '1girl', 'smile', 'outdoors']);
    expect(diffTags(base, start).after.map((r) => r.tag)).toEqual(['ohwx', 'style']);
    expect(addTags([], ['a'], 'start')).toEqual([row('a', 0)]);
  });

  it('removes, keeping the removed row for undo', () => {
    const next = removeTags(base, ['smile', 'absent']);
    expect(diffTags(base, next)).toEqual({ before: [row('smile', 1, 'wd-v3', 0.7)], after: [] });
  });

  it('replaces in place as a manual tag, or drops the old tag when the new one exists', () => {
    expect(replaceTag(base, 'smile', 'grin')).toEqual([base[0], row('grin', 1), base[2]]);
    expect(names(replaceTag(base, 'smile', 'outdoors'))).toEqual(['1girl', 'outdoors']);
    expect(replaceTag(base, 'absent', 'x')).toBe(base);
    expect(diffTags(base, replaceTag(base, 'smile', 'grin'))).toEqual({ before: [base[1]], after: [row('grin', 1)] });
  });

  it('reorders listed tags first and keeps model sources and scores', () => {
    const next = reorderTags(base, ['outdoors', '1girl', 'nope']);
    expect(next).toEqual([row('outdoors', 0), row('1girl', 1, 'wd-v3', 0.98), row('smile', 2, 'wd-v3', 0.7)]);
    expect(diffTags(base, next).before.map((r) => r.tag).sort()).toEqual(diffTags(base, next).after.map((r) => r.tag).sort());
  });
});
