import type { ItemFilter } from '../../shared/contract';

/** What text search and the listing filters read of one listed item (status not 'missing'). */
export interface ItemText {
  id: number;
  status: string;
  hasCaption: boolean;
  relPath: string;
  caption: string | null;
  tags: string[];
}

/** A dataset's listed items as built off-thread (text-index-source.ts): flat arrays a worker can hand over. */
export interface TextIndexData {
  /** The last text_changes seq the data includes. */
  cursor: number;
  ids: Int32Array;
  /** STATUS codes. */
  status: Uint8Array;
  hasCaption: Uint8Array;
  /** Each item's lowercased `relPath SEP caption`, items joined by ITEM_SEP; item k spans starts[k]..starts[k+1]-1. */
  text: string;
  starts: Int32Array;
  /** The distinct tags, and each one's items (slots) as CSR: slots postSlots[postStart[v]..postStart[v+1]). */
  vocab: string[];
  postStart: Int32Array;
  postSlots: Int32Array;
}

export const ITEM_SEP = '\u0000';
export const FIELD_SEP = '\u0001';
const STATUS_CODES: Record<string, number> = { ready: 0, error: 1 };
const OTHER_STATUS = 2;
const statusCode = (status: string): number => STATUS_CODES[status] ?? OTHER_STATUS;

/** The searchable text of an item, as the index holds it. */
const itemSearchText = (relPath: string, caption: string | null): string => `${relPath}${FIELD_SEP}${caption ?? ''}`.toLowerCase();

/** Builds TextIndexData from the listed items and each tag's item ids (ids of other items are left out). */
export function packTextIndex(cursor: number, items: Omit<ItemText, 'tags'>[], tagged: Iterable<[tag: string, itemIds: number[]]>): TextIndexData {
  const n = items.length;
  const ids = new Int32Array(n);
  const status = new Uint8Array(n);
  const hasCaption = new Uint8Array(n);
  const starts = new Int32Array(n + 1);
  const parts: string[] = new Array(n);
  const slotOf = new Map<number, number>();
  let at = 0;
  for (let k = 0; k < n; k++) {
    const it = items[k]!;
    ids[k] = it.id;
    slotOf.set(it.id, k);
    status[k] = statusCode(it.status);
    hasCaption[k] = it.hasCaption ? 1 : 0;
    starts[k] = at;
    parts[k] = itemSearchText(it.relPath, it.caption);
    at += parts[k]!.length + 1;
  }
  starts[n] = at;
  const vocab: string[] = [];
  const perTag: number[][] = [];
  for (const [tag, itemIds] of tagged) {
    const slots: number[] = [];
    for (const id of itemIds) {
      const slot = slotOf.get(id);
      if (slot !== undefined) slots.push(slot);
    }
    if (slots.length === 0) continue;
    vocab.push(tag);
    perTag.push(slots);
  }
  const postStart = new Int32Array(perTag.length + 1);
  let total = 0;
  perTag.forEach((sl, v) => {
    postStart[v] = total;
    total += sl.length;
  });
  postStart[perTag.length] = total;
  const postSlots = new Int32Array(total);
  perTag.forEach((sl, v) => postSlots.set(sl, postStart[v]));
  return { cursor, ids, status, hasCaption, text: parts.join(ITEM_SEP) + ITEM_SEP, starts, vocab, postStart, postSlots };
}

/** An item changed since the data was built: its current state replaces the built one (null: no longer listed). */
interface Override {
  item: ItemText | null;
  text: string;
  tags: Set<string>;
  tagsLower: string[];
}

export interface TextHits {
  count: number;
  /** The matching item ids, in no particular order. */
  ids: Int32Array;
}

/**
 * One dataset's listed items held in memory, so that a text filter (a case-insensitive substring of the name, the
 * caption or a tag) and the filters combined with it cost a scan of one string and of the matching tags' item
 * lists instead of a read of every candidate row. Kept current by apply() from the store's text_changes log.
 * Text is folded with toLowerCase (full Unicode), as the listing's contract says "case-insensitive".
 */
export class TextIndex {
  private readonly slotOf = new Map<number, number>();
  private readonly dirty: Uint8Array;
  private readonly overrides = new Map<number, Override>();
  private readonly tagCount: Int32Array;
  private readonly vocabLower: string[];
  private readonly vocabId = new Map<string, number>();
  private version = 0;
  /** The last text_changes seq this index reflects. */
  cursor: number;
  private last: { key: string; hits: TextHits } | null = null;

  constructor(private readonly data: TextIndexData) {
    const n = data.ids.length;
    this.dirty = new Uint8Array(n);
    for (let k = 0; k < n; k++) this.slotOf.set(data.ids[k]!, k);
    this.tagCount = new Int32Array(n);
    for (let k = 0; k < data.postSlots.length; k++) this.tagCount[data.postSlots[k]!]!++;
    this.vocabLower = data.vocab.map((t) => t.toLowerCase());
    data.vocab.forEach((t, v) => this.vocabId.set(t, v));
    this.cursor = data.cursor;
  }

  /** Items changed since it was built; past some number a rebuild is cheaper to query. */
  get changedCount(): number {
    return this.overrides.size;
  }

  /** Whether the item has a place in the index (listed now, or once since it was built). */
  holds(id: number): boolean {
    return this.slotOf.has(id);
  }

  /** Takes in the current state of changed items: `listed` are in the dataset and listed, `gone` are not (deleted,
   * moved to another dataset, missing, or never were). */
  apply(listed: ItemText[], gone: number[], cursor: number): void {
    const put = (id: number, item: ItemText | null): void => {
      let slot = this.slotOf.get(id);
      if (slot === undefined) {
        if (!item) return;
        // Slots are never given back, so the next one is the count given out.
        slot = this.slotOf.size;
        this.slotOf.set(id, slot);
      }
      if (slot < this.dirty.length) this.dirty[slot] = 1;
      const tags = item ? item.tags : [];
      this.overrides.set(slot, { item, text: item ? itemSearchText(item.relPath, item.caption) : '', tags: new Set(tags), tagsLower: tags.map((t) => t.toLowerCase()) });
    };
    for (const it of listed) put(it.id, it);
    for (const id of gone) put(id, null);
    this.cursor = Math.max(this.cursor, cursor);
    // Nothing of this dataset changed: the last answer still holds.
    if (listed.length || gone.length) this.version++;
  }

  /** Items matching the filter; text must be non-empty and trimmed. Pure of the store: the caller caught up first. */
  query(filter: Pick<ItemFilter, 'text' | 'status' | 'tag'>): TextHits {
    const key = JSON.stringify([this.version, filter.text, filter.status, filter.tag ?? null]);
    if (this.last?.key === key) return this.last.hits;
    const hits = this.compute(filter);
    this.last = { key, hits };
    return hits;
  }

  private compute(filter: Pick<ItemFilter, 'text' | 'status' | 'tag'>): TextHits {
    const { data, dirty } = this;
    const n = data.ids.length;
    const mark = new Uint8Array(n);
    const q = (filter.text ?? '').toLowerCase();
    if (!q) mark.fill(1);
    // Names and captions: one scan of the joined text; after a hit, the next search starts at the next item.
    const { text, starts, postStart, postSlots } = data;
    for (let pos = q ? text.indexOf(q) : -1; pos >= 0; ) {
      const slot = slotAt(starts, pos);
      mark[slot] = 1;
      pos = text.indexOf(q, starts[slot + 1]!);
    }
    // Tags: the vocabulary is scanned, not the tag rows.
    if (q) {
      this.vocabLower.forEach((t, v) => {
        if (t.includes(q)) for (let k = postStart[v]!, end = postStart[v + 1]!; k < end; k++) mark[postSlots[k]!] = 1;
      });
    }
    const tagged = filter.tag ? this.tagMark(filter.tag) : null;
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
      if (mark[k] && !dirty[k] && (!tagged || tagged[k]) && statusOk(filter.status, data.status[k]!, data.hasCaption[k]!, this.tagCount[k]!)) out.push(data.ids[k]!);
    }
    for (const o of this.overrides.values()) {
      const it = o.item;
      if (!it || (filter.tag && !o.tags.has(filter.tag))) continue;
      if (!statusOk(filter.status, statusCode(it.status), it.hasCaption ? 1 : 0, o.tags.size)) continue;
      if (o.text.includes(q) || o.tagsLower.some((t) => t.includes(q))) out.push(it.id);
    }
    return { count: out.length, ids: Int32Array.from(out) };
  }

  /** Built slots carrying the tag (dirty ones are judged from their override). */
  private tagMark(tag: string): Uint8Array {
    const { postStart, postSlots } = this.data;
    const m = new Uint8Array(this.data.ids.length);
    const v = this.vocabId.get(tag);
    if (v !== undefined) for (let k = postStart[v]!, end = postStart[v + 1]!; k < end; k++) m[postSlots[k]!] = 1;
    return m;
  }
}

/** The item whose span holds text position pos: the last k with starts[k] <= pos. */
export function slotAt(starts: Int32Array, pos: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function statusOk(status: ItemFilter['status'], code: number, hasCaption: number, tagCount: number): boolean {
  switch (status) {
    case 'ready':
      return code === 0;
    case 'error':
      return code === 1;
    case 'uncaptioned':
      return hasCaption === 0;
    case 'untagged':
      return tagCount === 0;
    default:
      return true;
  }
}
