/** Pure transforms of one item's tag list, and the delta between two lists. Unit-tested without a database. */

export interface TagRow {
  tag: string;
  /** 'manual' or the id of the model that proposed it. */
  source: string;
  score: number | null;
  position: number;
}

/** The rows of a change, keyed by tag: `before` holds the rows it replaced or removed, `after` the rows it
 * wrote. Undo deletes every tag named on either side and writes `before`; redo writes `after`. */
export interface TagDelta {
  before: TagRow[];
  after: TagRow[];
}

export const MANUAL = 'manual';

export function sortTags(rows: TagRow[]): TagRow[] {
  return [...rows].sort((a, b) => a.position - b.position || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}

/** New tags go after the last (or before the first) without renumbering the others, so a bulk add touches
 * only the added rows. */
export function addTags(rows: TagRow[], tags: string[], at: 'start' | 'end'): TagRow[] {
  const have = new Set(rows.map((r) => r.tag));
  const fresh = unique(tags).filter((t) => !have.has(t));
  if (!fresh.length) return rows;
  const positions = rows.map((r) => r.position);
  if (at === 'end') {
    const base = positions.length ? Math.max(...positions) + 1 : 0;
    return [...rows, ...fresh.map((tag, i) => manualRow(tag, base + i))];
  }
  const base = positions.length ? Math.min(...positions) - fresh.length : 0;
  return [...fresh.map((tag, i) => manualRow(tag, base + i)), ...rows];
}

export function removeTags(rows: TagRow[], tags: string[]): TagRow[] {
  const drop = new Set(tags);
  return rows.filter((r) => !drop.has(r.tag));
}

/** Renames a tag in place; when the item already has the new tag, the old one simply goes. */
export function replaceTag(rows: TagRow[], from: string, to: string): TagRow[] {
  const old = rows.find((r) => r.tag === from);
  if (!old || from === to) return rows;
  if (rows.some((r) => r.tag === to)) return rows.filter((r) => r.tag !== from);
  return rows.map((r) => (r === old ? manualRow(to, old.position) : r));
}

/** The listed tags first, in that order, then the rest in their current order; sources and scores are kept. */
export function reorderTags(rows: TagRow[], order: string[]): TagRow[] {
  const byTag = new Map(sortTags(rows).map((r) => [r.tag, r]));
  const first = unique(order).flatMap((t) => {
    const r = byTag.get(t);
    return r ? [r] : [];
  });
  const firstSet = new Set(first.map((r) => r.tag));
  const rest = [...byTag.values()].filter((r) => !firstSet.has(r.tag));
  return [...first, ...rest].map((r, i) => ({ ...r, position: i }));
}

export function diffTags(before: TagRow[], after: TagRow[]): TagDelta {
  const was = new Map(before.map((r) => [r.tag, r]));
  const now = new Map(after.map((r) => [r.tag, r]));
  const delta: TagDelta = { before: [], after: [] };
  for (const [tag, r] of was) {
    const n = now.get(tag);
    if (!n || !sameRow(r, n)) delta.before.push(r);
  }
  for (const [tag, r] of now) {
    const b = was.get(tag);
    if (!b || !sameRow(r, b)) delta.after.push(r);
  }
  return delta;
}

export function isEmptyDelta(d: TagDelta): boolean {
  return d.before.length === 0 && d.after.length === 0;
}

function sameRow(a: TagRow, b: TagRow): boolean {
  return a.source === b.source && a.score === b.score && a.position === b.position;
}

function manualRow(tag: string, position: number): TagRow {
  return { tag, source: MANUAL, score: null, position };
}

function unique(tags: string[]): string[] {
  return [...new Set(tags)];
}
