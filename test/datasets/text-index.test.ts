import { describe, expect, it } from 'vitest';
import { packTextIndex, slotAt, TextIndex, type ItemText } from '../../src/core/datasets/text-index';
import type { ItemFilter } from '../../src/shared/contract';

const item = (id: number, relPath: string, caption: string | null, tags: string[], status = 'ready'): ItemText =>
  ({ id, status, hasCaption: caption !== null && caption.trim() !== '', relPath, caption, tags });

const ITEMS: ItemText[] = [
  item(1, 'Shoot/IMG_0001.jpg', 'A woman at the Beach', ['1girl', 'Blue_Hair']),
  item(2, 'shoot/img_0002.png', null, []),
  item(3, 'set/ÉTÉ.jpg', 'été sous le soleil', ['sunset'], 'error'),
  item(4, 'set/beach_day.jpg', '', ['beach', 'long hair'], 'pending'),
  item(7, 'zeta/other.jpg', 'nothing here', ['1girl']),
];

/** The index of items as the store gives them: each tag with its items (one of another dataset, left out). */
function build(cursor: number, items: ItemText[]): TextIndex {
  const tagged = new Map<string, number[]>();
  for (const it of items) for (const t of it.tags) tagged.set(t, [...(tagged.get(t) ?? [999]), it.id]);
  return new TextIndex(packTextIndex(cursor, items, tagged));
}

/** The filter worked out item by item. */
function naive(items: ItemText[], f: Pick<ItemFilter, 'text' | 'status' | 'tag'>): number[] {
  const q = (f.text ?? '').toLowerCase();
  return items.filter((it) => {
    if (f.status === 'ready' && it.status !== 'ready') return false;
    if (f.status === 'error' && it.status !== 'error') return false;
    if (f.status === 'uncaptioned' && it.hasCaption) return false;
    if (f.status === 'untagged' && it.tags.length > 0) return false;
    if (f.tag && !it.tags.includes(f.tag)) return false;
    return [it.relPath, it.caption ?? '', ...it.tags].some((s) => s.toLowerCase().includes(q));
  }).map((it) => it.id).sort((a, b) => a - b);
}

const QUERIES: Pick<ItemFilter, 'text' | 'status' | 'tag'>[] = [
  { text: 'img', status: 'all' }, { text: 'BEACH', status: 'all' }, { text: 'hair', status: 'all' }, { text: 'été', status: 'all' },
  { text: 'ÉTÉ', status: 'all' }, { text: 'g_0', status: 'all' }, { text: 'jpg', status: 'ready' }, { text: 'jpg', status: 'error' },
  { text: 'e', status: 'uncaptioned' }, { text: 'e', status: 'untagged' }, { text: 'o', status: 'all', tag: '1girl' },
  { text: 'o', status: 'all', tag: 'blue_hair' }, { text: 'nope', status: 'all' }, { text: '', status: 'ready' },
  // A text spanning the name and the caption of one item, or two items, matches nothing.
  { text: 'jpga woman', status: 'all' }, { text: 'pngset', status: 'all' },
];

function check(index: TextIndex, items: ItemText[]): void {
  for (const q of QUERIES) {
    const got = index.query(q);
    expect([...got.ids].sort((a, b) => a - b), JSON.stringify(q)).toEqual(naive(items, q));
    expect(got.count).toBe(got.ids.length);
  }
}

describe('TextIndex', () => {
  it('finds a text in names, captions and tags, case-folded, combined with the status and tag filters', () => {
    check(build(5, ITEMS), ITEMS);
  });

  it('answers from the changed items after apply(): edited, gone and new ones', () => {
    const index = build(5, ITEMS);
    index.query({ text: 'beach', status: 'all' });
    const edited = item(1, 'Shoot/IMG_0001.jpg', 'a man in the city', ['1boy']);
    const added = item(9, 'new/Beach_walk.jpg', null, ['Blue_Hair']);
    index.apply([edited, added], [4, 12], 8);
    expect(index.cursor).toBe(8);
    expect(index.changedCount).toBe(3);
    const now = ITEMS.filter((it) => it.id !== 4).map((it) => (it.id === 1 ? edited : it)).concat(added);
    check(index, now);
    // An item that came back after it was gone, and one changed twice.
    const back = item(4, 'set/beach_day.jpg', 'back again', []);
    index.apply([back, { ...added, tags: [] }], [], 9);
    check(index, now.map((it) => (it.id === 9 ? { ...added, tags: [] } : it)).concat(back));
  });

  it('locates the item of a text position', () => {
    const starts = Int32Array.from([0, 4, 4, 10, 12]);
    expect([0, 3, 4, 9, 10, 11].map((p) => slotAt(starts, p))).toEqual([0, 0, 2, 2, 3, 3]);
  });
});
