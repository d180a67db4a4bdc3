// Listing benchmark: builds a data dir holding a 100,000-item dataset (plus a 20,000-item neighbour) by direct SQL
// inserts with realistic names, captions and tagger-like tags, then times items.list (count + one page of 500)
// through the repository for several filters and sorts. Goal: every case < 20 ms. Text filters are answered by the
// in-memory text index the long-lived hosts keep (built in a worker first; the build time is printed); each text case
// is also timed on the SQL path, the reference, and the line gives the ratio.
// Usage: npm run bench:list [-- --items N] [-- --data DIR]   (--data keeps the built data dir and reuses it next time)
// Last line: list_p50_ms=<median of the per-case medians> list_max_ms=<slowest per-case median> (wall time;
// the line before gives the same in CPU time, which a machine busy with other work inflates less).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAtelier, DB_FILE } from '../src/core/app';
import { ItemRepo } from '../src/core/datasets';
import { itemFilterSchema, type ItemFilter } from '../src/shared/contract';
import { rng } from '../test/helpers/rng';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const N = Number(arg('--items') ?? 100_000);
const keepDir = arg('--data');
const NEIGHBOUR = Math.round(N / 5);
const PAGE = 500;
const RUNS = 7;

const rand = rng(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
/** Zipf-like pick: low indexes are far more common, as in a tagger's output. */
const zipf = <T>(xs: readonly T[]): T => xs[Math.min(xs.length - 1, Math.floor(Math.pow(rand(), 3) * xs.length))]!;

const COLORS = ['black', 'brown', 'blonde', 'red', 'blue', 'green', 'white', 'grey', 'pink', 'purple', 'orange', 'silver', 'aqua', 'yellow'];
const PARTS = ['hair', 'eyes', 'shirt', 'dress', 'skirt', 'jacket', 'background', 'gloves', 'ribbon', 'bow', 'hat', 'shoes', 'sweater', 'scarf', 'bikini', 'kimono', 'coat', 'pants', 'thighhighs', 'nails'];
const COMMON = ['1girl', 'solo', 'looking_at_viewer', 'smile', 'long_hair', 'short_hair', 'open_mouth', 'simple_background', 'blush', 'upper_body', 'outdoors', 'indoors', 'standing', 'sitting', 'closed_mouth', 'portrait', 'day', 'night', 'sky', 'cloud', 'tree', 'holding', 'jewelry', 'earrings', 'necklace', '1boy', 'multiple_girls', 'full_body', 'cowboy_shot', 'from_side'];
const EXTRA = ['sunset', 'beach', 'city', 'forest', 'snow', 'rain', 'flower', 'cherry_blossoms', 'window', 'bed', 'chair', 'table', 'cup', 'book', 'umbrella', 'cat', 'dog', 'bird', 'sword', 'glasses', 'headphones', 'phone', 'bag', 'water', 'mountain', 'river', 'street', 'car', 'bicycle', 'train'];
const TAGS: string[] = [...COMMON];
for (const c of COLORS) for (const p of PARTS) TAGS.push(`${c}_${p}`);
for (const e of EXTRA) TAGS.push(e, `${e}_background`, `holding_${e}`, `${e}_print`);
for (let i = 0; TAGS.length < 4000; i++) TAGS.push(`${pick(EXTRA)}_${pick(PARTS)}_${i}`);

const SUBJECTS = ['a woman', 'a man', 'a young girl', 'an old man', 'a cat', 'a dog', 'two friends', 'a dancer', 'a knight', 'a chef'];
const WITH = ['with long brown hair', 'with short black hair', 'wearing a red dress', 'in a blue jacket', 'holding an umbrella', 'with glasses', 'in a white kimono', 'carrying a bag'];
const WHERE = ['standing on a beach at sunset', 'sitting in a cafe', 'walking through a forest', 'in a city street at night', 'in front of a window', 'on a snowy mountain', 'in a studio with a grey background', 'under cherry blossoms'];
const STYLE = ['soft light', 'film grain', 'shallow depth of field', 'wide angle', 'high contrast', 'pastel colors', 'dramatic shadows', 'golden hour'];
const caption = (): string => `${pick(SUBJECTS)} ${pick(WITH)}, ${pick(WHERE)}, ${pick(STYLE)}, ${pick(STYLE)}`;

function relPath(i: number): string {
  const folder = i % 3 === 0 ? `shoot_${String(Math.floor(i / 2000)).padStart(2, '0')}` : `set-${pick(EXTRA)}`;
  return i % 2 === 0 ? `${folder}/IMG_${String(i).padStart(6, '0')}.jpg` : `${folder}/${pick(EXTRA)}_${i}.png`;
}

function statusOf(): string {
  const r = rand();
  return r < 0.96 ? 'ready' : r < 0.98 ? 'error' : r < 0.99 ? 'pending' : 'missing';
}

const dataDir = keepDir ?? mkdtempSync(join(tmpdir(), 'atelier-bench-list-'));
const reuse = keepDir !== undefined && existsSync(join(keepDir, DB_FILE));
const app = createAtelier({ dataDir, host: 'memory', startJobs: false, searchIndex: true });
const { db } = app;

function fill(datasetId: number, count: number, prefix: string): { tagRows: number; tagMs: number } {
  const insItem = db.prepare(`INSERT INTO items (dataset_id, rel_path, abs_path, media, sha256, byte_size, width, height, format, mtime_ms, status, error_code, error)
    VALUES (?, ?, ?, 'image', ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insCaption = db.prepare('INSERT INTO captions (item_id, text, source) VALUES (?, ?, ?)');
  const insTag = db.prepare('INSERT OR IGNORE INTO tags (item_id, tag, source, score, position) VALUES (?, ?, ?, ?, ?)');
  const ids: number[] = [];
  const BATCH = 5000;
  for (let start = 0; start < count; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(count, start + BATCH); i++) {
        const rel = relPath(i);
        const status = statusOf();
        const w = pick([512, 768, 1024, 1280, 1920, 3000, 4032]);
        const h = pick([512, 768, 1024, 1080, 1350, 2000, 3024]);
        const info = insItem.run(
          datasetId, rel, `/photos/${prefix}/${rel}`, (i * 2654435761 % 2 ** 32).toString(16).padStart(64, '0'),
          Math.floor(50_000 + rand() * 8_000_000), w, h, rel.endsWith('.png') ? 'png' : 'jpeg',
          1.6e12 + rand() * 1e11, status, status === 'error' ? 'DECODE' : null, status === 'error' ? 'The file is truncated.' : null,
        );
        const id = Number(info.lastInsertRowid);
        ids.push(id);
        if (status === 'ready' && rand() < 0.7) insCaption.run(id, caption(), rand() < 0.5 ? 'manual' : 'joycaption');
      }
    })();
  }
  // Tags separately, the way a tagger run writes them, so their cost (and any trigger's) shows.
  const t0 = performance.now();
  let tagRows = 0;
  for (let start = 0; start < ids.length; start += BATCH) {
    db.transaction(() => {
      for (const id of ids.slice(start, start + BATCH)) {
        if (rand() > 0.85) continue;
        const n = 15 + Math.floor(rand() * 25);
        const seen = new Set<string>();
        for (let k = 0; k < n; k++) {
          const tag = k < 3 ? pick(COMMON.slice(0, 6)) : zipf(TAGS);
          if (seen.has(tag)) continue;
          seen.add(tag);
          insTag.run(id, tag, 'wd-eva02-large-v3', 0.35 + rand() * 0.65, seen.size - 1);
          tagRows++;
        }
      }
    })();
  }
  return { tagRows, tagMs: performance.now() - t0 };
}

function build(): number {
  const tBuild = performance.now();
  const neighbour = app.datasets.create('neighbour', 'image');
  const big = app.datasets.create('bench', 'image');
  fill(neighbour.id, NEIGHBOUR, 'neighbour');
  const { tagRows, tagMs } = fill(big.id, N, 'bench');
  db.pragma('optimize');
  console.log(`built ${N} + ${NEIGHBOUR} items, ${tagRows} tag rows of the big dataset in ${Math.round(tagMs)} ms ` +
    `(${Math.round((tagRows / tagMs) * 1000)} tag rows/s), total build ${Math.round(performance.now() - tBuild)} ms`);
  return big.id;
}
const bench = { id: reuse ? app.datasets.findByName('bench')!.id : build() };
const held = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
const held0 = held();
const tIndex = performance.now();
await app.items.warmTextIndex(bench.id);
console.log(`text index of ${N} items built in ${Math.round(performance.now() - tIndex)} ms (in a worker thread), ` +
  `holding about ${Math.round((held() - held0) / 2 ** 20)} MB of the host's memory`);
const sqlRepo = new ItemRepo(db);

interface Case {
  name: string;
  filter: Partial<ItemFilter>;
  sort?: 'name' | 'date' | 'size' | 'resolution';
  desc?: boolean;
  offset?: number;
}
const cases: Case[] = [
  { name: 'all name', filter: {} },
  { name: 'all name offset=50000', filter: {}, offset: 50_000 },
  { name: 'all date desc', filter: {}, sort: 'date', desc: true },
  { name: 'all size offset=90000', filter: {}, sort: 'size', offset: 90_000 },
  { name: 'all resolution desc', filter: {}, sort: 'resolution', desc: true },
  { name: 'ready name', filter: { status: 'ready' } },
  { name: 'ready date offset=40000', filter: { status: 'ready' }, sort: 'date', offset: 40_000 },
  { name: 'error date', filter: { status: 'error' }, sort: 'date' },
  { name: 'uncaptioned name', filter: { status: 'uncaptioned' } },
  { name: 'untagged size', filter: { status: 'untagged' }, sort: 'size' },
  { name: 'tag=solo (common)', filter: { tag: 'solo' } },
  { name: 'tag=blue_hair date', filter: { tag: 'blue_hair' }, sort: 'date' },
  { name: 'tag=rare', filter: { tag: TAGS[TAGS.length - 1]! } },
  { name: 'text="img_0123" (name)', filter: { text: 'img_0123' } },
  { name: 'text="sunset" (caption+tags)', filter: { text: 'sunset' } },
  { name: 'text="hair" (very common)', filter: { text: 'hair' }, sort: 'date', desc: true },
  { name: 'text="kimono" offset=2000', filter: { text: 'kimono' }, offset: 2000 },
  { name: 'text="zq" (2 chars, rare)', filter: { text: 'zq' } },
  { name: 'text="bl" (2 chars, common)', filter: { text: 'bl' } },
  { name: 'text+tag+ready', filter: { text: 'beach', tag: 'smile', status: 'ready' }, sort: 'resolution' },
];

const medians: number[] = [];
const cpuMedians: number[] = [];
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Wall and CPU times of one listing, after a first run (whose result is returned). `before` runs untimed before
 * each: for text cases, another search, so that each timed one is new to the index (as typing is), not its last. */
function time(run: () => { total: number; items: unknown[] }, before = (): void => {}): { first: { total: number; items: unknown[] }; wall: number[]; cpu: number[] } {
  const first = run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    before();
    const c0 = process.cpuUsage();
    const t = performance.now();
    run();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c0);
    cpu.push((d.user + d.system) / 1000);
  }
  return { first, wall, cpu };
}
for (const c of cases) {
  const filter = itemFilterSchema.parse(c.filter);
  const args = [bench.id, filter, c.sort ?? 'name', c.desc ?? false, c.offset ?? 0, PAGE] as const;
  const other = itemFilterSchema.parse({ text: 'another search' });
  const { first, wall, cpu } = time(() => app.items.list(...args), filter.text ? () => app.items.list(bench.id, other, 'name', false, 0, PAGE) : undefined);
  medians.push(median(wall));
  cpuMedians.push(median(cpu));
  let vsSql = '';
  if (filter.text) {
    const sql = time(() => sqlRepo.list(...args));
    if (sql.first.total !== first.total) throw new Error(`${c.name}: the index found ${first.total}, SQL ${sql.first.total}`);
    vsSql = `  sql=${median(sql.wall).toFixed(2)} ms  ratio=${(median(sql.wall) / median(wall)).toFixed(1)}`;
  }
  console.log(`${c.name.padEnd(34)} total=${String(first.total).padStart(6)} page=${String(first.items.length).padStart(3)}  ` +
    `median=${median(wall).toFixed(2)} ms  min=${Math.min(...wall).toFixed(2)}  cpu median=${median(cpu).toFixed(2)} ms${vsSql}`);
}

// items.all (`atelier items`): every item with its tags, a page of 5000 at a time.
const allPage = time(() => ({ total: 0, items: app.items.all(bench.id, 50_000, 5000) }));
console.log(`${'items.all page of 5000 offset=50000'.padEnd(34)} median=${median(allPage.wall).toFixed(2)} ms  cpu median=${median(allPage.cpu).toFixed(2)} ms`);

await app.close();
if (!keepDir) rmSync(dataDir, { recursive: true, force: true });
// CPU time tells the work apart from waiting for a busy machine's cores.
console.log(`list_cpu_p50_ms=${median(cpuMedians).toFixed(2)} list_cpu_max_ms=${Math.max(...cpuMedians).toFixed(2)}`);
console.log(`list_p50_ms=${median(medians).toFixed(2)} list_max_ms=${Math.max(...medians).toFixed(2)}`);
