// The listing's test oracle: a dataset filled with every state the filters look at, and the listing worked out
// naively from the tables, shared by the SQL path's and the text index's tests.
import { expect } from 'vitest';
import type { Atelier } from '../../src/core/app';
import type { ItemRepo } from '../../src/core/datasets';
import { itemFilterSchema, itemSorts, type ItemFilter } from '../../src/shared/contract';
import { rng } from '../helpers/rng';

const VOCAB = ['common', 'blue_hair', 'red_eyes', 'Smile', 'a_b', '100%', 'long hair', 'ribbon'];
const WORDS = ['a woman', 'RED dress', 'at the beach', 'under 100% sun', 'with a_b sign', 'say "cheese"', 'long shot'];

/** A dataset with every state the listing filters on, written straight into the store. */
export function fill(app: Atelier, datasetId: number, n: number, seed: number, prefix = ''): void {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const ins = app.db.prepare(`INSERT INTO items (dataset_id, rel_path, abs_path, byte_size, width, height, mtime_ms, status)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`);
  const cap = app.db.prepare('INSERT INTO captions (item_id, text) VALUES (?, ?)');
  const tag = app.db.prepare('INSERT INTO tags (item_id, tag, position) VALUES (?, ?, ?)');
  app.db.transaction(() => {
    for (let k = 0; k < n; k++) {
      const rel = `${pick(['Shoot', 'shoot', 'set_b', 'Zeta'])}/${pick(['IMG_', 'img_', 'Photo '])}${String(Math.floor(r() * 500)).padStart(4, '0')}-${k}.jpg`;
      const s = r();
      const status = s < 0.8 ? 'ready' : s < 0.88 ? 'error' : s < 0.94 ? 'pending' : 'missing';
      const id = ins.pluck().get(datasetId, `${prefix}${rel}`, `/x/${datasetId}/${k}/${rel}`,
        r() < 0.1 ? null : Math.floor(r() * 30) * 1000, r() < 0.1 ? null : pick([512, 768, 1024]), pick([512, 768, 1024]),
        r() < 0.1 ? null : Math.floor(r() * 50) * 1000, status) as number;
      const c = r();
      if (c < 0.5) cap.run(id, `${pick(WORDS)}, ${pick(WORDS)}`);
      else if (c < 0.6) cap.run(id, pick(['', '   ']));
      if (k % 2 === 0) tag.run(id, 'common', 0);
      if (k === 3 || k === 10 || k === 77) tag.run(id, 'rare', 1);
      if (r() < 0.5) VOCAB.slice(1).filter(() => r() < 0.3).forEach((t, p) => tag.run(id, t, p + 2));
    }
  })();
}

interface Row { id: number; rel_path: string; status: string; mtime_ms: number | null; byte_size: number | null; width: number | null; height: number | null }

interface Snapshot { rows: Row[]; captions: Map<number, string>; tags: Map<number, string[]> }

function snapshot(app: Atelier, datasetId: number): Snapshot {
  const rows = app.db.prepare('SELECT id, rel_path, status, mtime_ms, byte_size, width, height FROM items WHERE dataset_id = ?').all(datasetId) as Row[];
  const captions = new Map(app.db.prepare('SELECT item_id, text FROM captions').raw().all() as [number, string][]);
  const tags = new Map<number, string[]>();
  for (const [id, t] of app.db.prepare('SELECT item_id, tag FROM tags').raw().all() as [number, string][]) tags.set(id, [...(tags.get(id) ?? []), t]);
  return { rows, captions, tags };
}

/** The listing worked out naively from the tables, to compare with the indexed one. */
function oracle({ rows, captions, tags }: Snapshot, filter: ItemFilter, sort: string, desc: boolean): number[] {
  const text = filter.text?.trim().toLowerCase();
  const hits = rows.filter((m) => {
    const caption = captions.get(m.id) ?? null;
    const mine = tags.get(m.id) ?? [];
    if (m.status === 'missing') return false;
    if (filter.status === 'ready' && m.status !== 'ready') return false;
    if (filter.status === 'error' && m.status !== 'error') return false;
    if (filter.status === 'uncaptioned' && caption !== null && caption.replace(/^ +| +$/g, '') !== '') return false;
    if (filter.status === 'untagged' && mine.length > 0) return false;
    if (filter.tag && !mine.includes(filter.tag)) return false;
    if (text && ![m.rel_path, caption ?? '', ...mine].some((s) => s.toLowerCase().includes(text))) return false;
    return true;
  });
  const key = (m: Row): string | number | null => {
    if (sort === 'date') return m.mtime_ms;
    if (sort === 'size') return m.byte_size;
    if (sort === 'resolution') return m.width === null || m.height === null ? null : m.width * m.height;
    return m.rel_path.toLowerCase();
  };
  const cmp = (a: Row, b: Row): number => {
    const x = key(a);
    const y = key(b);
    if (x !== y) {
      if (x === null) return -1;
      if (y === null) return 1;
      return x < y ? -1 : 1;
    }
    return a.id - b.id;
  };
  return hits.sort((a, b) => (desc ? -cmp(a, b) : cmp(a, b))).map((m) => m.id);
}

export const FILTERS: Partial<ItemFilter>[] = [
  {}, { status: 'ready' }, { status: 'error' }, { status: 'uncaptioned' }, { status: 'untagged' },
  { tag: 'common' }, { tag: 'rare' }, { tag: 'nothing' }, { tag: 'common', status: 'ready' }, { tag: 'rare', status: 'error' },
  { text: 'img_00' }, { text: 'shoot' }, { text: 'red' }, { text: 'HAIR' }, { text: 'ai' }, { text: 'e' }, { text: '100%' },
  { text: 'a_b' }, { text: '"cheese"' }, { text: 'nope-nothing' }, { text: 'beach', tag: 'common' }, { text: 'smile', status: 'untagged' },
  { text: 'ribbon', status: 'ready', tag: 'common' },
];

export function checkListing(app: Atelier, datasetId: number, filters = FILTERS, repo: ItemRepo = app.items): void {
  const snap = snapshot(app, datasetId);
  for (const raw of filters) {
    const filter = itemFilterSchema.parse(raw);
    for (const sort of itemSorts) {
      for (const desc of [false, true]) {
        const want = oracle(snap, filter, sort, desc);
        const what = `${JSON.stringify(raw)} ${sort}${desc ? ' desc' : ''}`;
        expect(repo.ids(datasetId, filter, sort, desc), what).toEqual(want);
        for (const offset of [0, 7, Math.max(0, want.length - 5), want.length + 3]) {
          const page = repo.list(datasetId, filter, sort, desc, offset, 25);
          expect(page.total, what).toBe(want.length);
          expect(page.items.map((i) => i.id), `${what} @${offset}`).toEqual(want.slice(offset, offset + 25));
        }
      }
    }
  }
}

/** The counts, flags and search rows the triggers keep, against a recount from the tables. */
export function checkKept(app: Atelier): void {
  const db = app.db;
  expect(db.prepare('SELECT dataset_id, status, has_caption, n FROM item_counts WHERE n != 0 ORDER BY 1, 2, 3').all())
    .toEqual(db.prepare('SELECT dataset_id, status, has_caption, COUNT(*) AS n FROM items GROUP BY 1, 2, 3 ORDER BY 1, 2, 3').all());
  expect(db.prepare(`SELECT COUNT(*) FROM items i WHERE has_caption != EXISTS (SELECT 1 FROM captions c WHERE c.item_id = i.id AND trim(c.text) != '')`).pluck().get()).toBe(0);
  expect(db.prepare('SELECT dataset_id, item_id FROM tagged_items ORDER BY 1, 2').raw().all())
    .toEqual(db.prepare('SELECT DISTINCT i.dataset_id, t.item_id FROM tags t JOIN items i ON i.id = t.item_id ORDER BY 1, 2').raw().all());
  expect(db.prepare('SELECT dataset_id, tag, n FROM tag_counts ORDER BY 1, 2').all())
    .toEqual(db.prepare('SELECT i.dataset_id, t.tag, COUNT(*) AS n FROM tags t JOIN items i ON i.id = t.item_id GROUP BY 1, 2 ORDER BY 1, 2').all());
  expect(db.prepare('SELECT rowid, name, caption FROM item_search ORDER BY rowid').raw().all())
    .toEqual(db.prepare('SELECT i.id, i.rel_path, c.text FROM items i LEFT JOIN captions c ON c.item_id = i.id ORDER BY i.id').raw().all());
}
