import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ItemSummary, itemSorts, statusFilters } from '../../shared/contract';
import type { Connection } from '../transport/types';
import { pagesToKeep, pagesForRange, rangeIds, type IndexRange } from './paging';
import { throttle } from './throttle';

/** Items are fetched in pages of this many, lazily, by what the grid shows. */
export const PAGE_SIZE = 200;
/** Pages kept in memory (about 8,000 items) besides those on screen. */
export const MAX_PAGES = 40;
/** Thumbnails fetched and decoded ahead, from the first page, while the window renders around them. */
export const WARM_THUMBS = 40;

/** Page requests in flight at once. Dragging the scrollbar over 100,000 items passes hundreds of pages in a few
 * seconds: only the pages on screen when a request slot frees up are asked for, so the service is not buried
 * under pages nobody will see. */
export const MAX_INFLIGHT = 2;

export type ItemSort = (typeof itemSorts)[number];
export type StatusFilter = (typeof statusFilters)[number];

export interface GalleryQuery {
  text: string;
  status: StatusFilter;
  /** Exact tag (from the tag frequency panel). */
  tag: string | null;
  sort: ItemSort;
  desc: boolean;
}

export const defaultQuery: GalleryQuery = { text: '', status: 'all', tag: null, sort: 'name', desc: false };

export interface ClickMods {
  /** Shift: select the range from the anchor. */
  range?: boolean;
  /** Ctrl/Cmd: toggle this item. */
  toggle?: boolean;
}

export interface GalleryState {
  datasetId: number | null;
  query: GalleryQuery;
  /** Items matching the query; null until the first page arrives. */
  total: number | null;
  /** Loaded pages by page number; a new Map on every change. */
  pages: ReadonlyMap<number, ItemSummary[]>;
  selected: ReadonlySet<number>;
  /** Index where a shift-range starts. */
  anchor: number | null;
  /** Index of the keyboard focus. */
  focus: number | null;
  /** The item shown in the item panel. */
  currentId: number | null;
  thumbSize: number;

  setDataset(id: number | null): void;
  setQuery(patch: Partial<GalleryQuery>): void;
  /** Tells the store which indexes are on screen; fetches the pages they need. */
  showRange(range: IndexRange): void;
  itemAt(index: number): ItemSummary | undefined;
  /** Reloads what is shown (after a change in the dataset). */
  refresh(): void;
  click(index: number, mods?: ClickMods): Promise<void>;
  /** Moves the focus (arrow keys, Home/End); extend grows the selection from the anchor. */
  moveFocus(index: number, extend?: boolean): Promise<void>;
  /** Opens the item before (-1) or after (+1) the current one in the listing as it is now (the item panel's
   * previous/next). When the current item has left the listing (an edit made it stop matching the filter),
   * its neighbours are those around the place it had. */
  step(delta: -1 | 1): Promise<void>;
  selectAll(): Promise<void>;
  clearSelection(): void;
  setThumbSize(px: number): void;
  /** All ids matching the query, in order (cached until the query or the data change). */
  allIds(): Promise<number[]>;
  /** Resolves once the current query's first answer has arrived (or failed), or at once without a dataset. */
  settled(): Promise<void>;
  dispose(): void;
}

export type GalleryStore = StoreApi<GalleryState>;

const THUMB_KEY = 'atelier.thumbSize';
export const THUMB_MIN = 72;
export const THUMB_MAX = 360;

/** The contract's filter for a query (items.list and items.ids take the same). */
function listFilter(q: GalleryQuery) {
  return { text: q.text || undefined, status: q.status, tag: q.tag ?? undefined };
}

/** Index of an item in the loaded pages, or -1. */
function loadedIndex(pages: ReadonlyMap<number, ItemSummary[]>, id: number): number {
  for (const [p, items] of pages) {
    const i = items.findIndex((it) => it.id === id);
    if (i >= 0) return p * PAGE_SIZE + i;
  }
  return -1;
}

function storedThumb(): number {
  try {
    const v = Number(globalThis.localStorage?.getItem(THUMB_KEY));
    return v >= THUMB_MIN && v <= THUMB_MAX ? v : 160;
  } catch {
    return 160;
  }
}

/** The gallery's data and selection: a window of pages over a possibly huge, filtered, sorted item list. */
export function createGalleryStore(conn: Connection, onError: (err: unknown) => void): GalleryStore {
  const { client } = conn;
  // Bumped whenever loaded data may be outdated; answers from an older generation are dropped.
  let generation = 0;
  const inflight = new Set<number>();
  let visible: IndexRange = { start: 0, end: -1 };
  let idsCache: { gen: number; ids: Promise<number[]> } | null = null;
  let settledWaiters: (() => void)[] = [];
  let warmed = false;
  // Where the current item was last seen in this query's listing: after an edit takes it out of the listing
  // (captioned under "Uncaptioned"), previous/next go on from there. Null after the query changes.
  let place: number | null = null;
  // Starts loading and decoding the first screen's thumbnails before the grid exists, so the first paint does
  // not wait for them one by one (the <img> elements then find them in the browser's memory cache).
  const warmThumbnails = (items: ItemSummary[]) => {
    warmed = true;
    if (typeof Image === 'undefined') return;
    for (const it of items.slice(0, WARM_THUMBS)) {
      if (!it.sha256 || it.status === 'error') continue;
      const img = new Image();
      img.decoding = 'async';
      img.src = conn.renditionUrl(it.sha256, 'preview');
      img.decode().catch(() => undefined);
    }
  };
  const settle = () => {
    const w = settledWaiters;
    settledWaiters = [];
    w.forEach((cb) => cb());
  };

  const store = createStore<GalleryState>()((set, get) => {
    const fetchPage = (page: number, force = false) => {
      const { datasetId, query } = get();
      if (datasetId === null || inflight.has(page) || (!force && inflight.size >= MAX_INFLIGHT)) return;
      const gen = generation;
      inflight.add(page);
      client
        .call('items.list', {
          datasetId,
          offset: page * PAGE_SIZE,
          limit: PAGE_SIZE,
          filter: listFilter(query),
          sort: query.sort,
          desc: query.desc,
        })
        .then((r) => {
          if (gen !== generation) return;
          followCurrent(page, r.items);
          if (!performance.getEntriesByName('atelier:first-page').length) performance.mark('atelier:first-page');
          const pages = new Map(get().pages);
          pages.set(page, r.items);
          const keep = pagesToKeep(visible, PAGE_SIZE, MAX_PAGES, [...pages.keys()]);
          for (const p of [...pages.keys()]) if (!keep.has(p) && p !== page) pages.delete(p);
          if (page === 0 && !warmed) warmThumbnails(r.items);
          set({ pages, total: r.total });
          settle();
        })
        .catch((err) => {
          if (gen !== generation) return;
          settle();
          onError(err);
        })
        .finally(() => {
          if (gen !== generation) return;
          inflight.delete(page);
          loadVisible();
        });
    };

    /** A fresh page holding the current item tells where it is now: the focus (and the anchor, when the
     * focus was the anchor) follow it, so the keyboard goes on from the right place after a reload. */
    const followCurrent = (page: number, items: ItemSummary[]) => {
      const { currentId, focus, anchor } = get();
      if (currentId === null) return;
      const i = items.findIndex((it) => it.id === currentId);
      if (i < 0) return;
      const at = page * PAGE_SIZE + i;
      place = at;
      if (focus !== at) set({ focus: at, anchor: anchor === focus ? at : anchor });
    };

    /** Where the current item is in the listing now (present), or the place it had before it left it. */
    const whereIsCurrent = async (): Promise<{ index: number; present: boolean } | null> => {
      const { currentId, pages } = get();
      if (currentId === null) return null;
      const local = loadedIndex(pages, currentId);
      if (local >= 0) return { index: local, present: true };
      const index = (await get().allIds()).indexOf(currentId);
      if (index >= 0) return { index, present: true };
      return place === null ? null : { index: place, present: false };
    };

    /** Requests the missing pages on screen (then the next one ahead), within the in-flight budget. */
    const loadVisible = () => {
      const { total, pages } = get();
      const last = total === null ? visible.end : Math.min(visible.end, total - 1);
      const onScreen = pagesForRange({ start: visible.start, end: Math.max(last, visible.start) }, PAGE_SIZE);
      const ahead = onScreen.length ? onScreen[onScreen.length - 1]! + 1 : 0;
      const wanted = total === null || ahead * PAGE_SIZE < total ? [...onScreen, ahead] : onScreen;
      for (const p of wanted) {
        if (inflight.size >= MAX_INFLIGHT) return;
        if (!pages.has(p)) fetchPage(p);
      }
    };

    // Keeps what is on screen while it reloads, so a change does not blank the grid.
    const reload = () => {
      generation++;
      inflight.clear();
      idsCache = null;
      const keep = new Set(pagesForRange(visible, PAGE_SIZE));
      set({ pages: new Map([...get().pages].filter(([p]) => keep.has(p))) });
      // The kept pages are stale: fetch them again (they stay on screen meanwhile).
      for (const p of keep.size ? keep : [0]) fetchPage(p, true);
    };
    const refreshSoon = throttle(reload, 300);

    const reset = (patch: Partial<GalleryState>) => {
      generation++;
      place = null;
      inflight.clear();
      idsCache = null;
      set({ pages: new Map(), anchor: null, focus: null, ...patch });
      loadVisible();
      if (!get().pages.has(0)) fetchPage(0);
    };

    const idAt = async (index: number): Promise<number | undefined> => {
      const local = get().itemAt(index);
      if (local) return local.id;
      return (await get().allIds())[index];
    };

    const rangeSelection = async (from: number, to: number): Promise<number[]> => {
      const local = rangeIds(get().pages, PAGE_SIZE, from, to);
      if (local) return local;
      const ids = await get().allIds();
      return ids.slice(Math.min(from, to), Math.max(from, to) + 1);
    };

    return {
      datasetId: null,
      query: defaultQuery,
      total: null,
      pages: new Map(),
      selected: new Set(),
      anchor: null,
      focus: null,
      currentId: null,
      thumbSize: storedThumb(),

      setDataset(id) {
        if (id === get().datasetId) return;
        reset({ datasetId: id, query: defaultQuery, total: null, selected: new Set(), currentId: null });
      },

      setQuery(patch) {
        reset({ query: { ...get().query, ...patch } });
      },

      showRange(range) {
        visible = range;
        loadVisible();
      },

      itemAt(index) {
        return get().pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
      },

      refresh() {
        refreshSoon();
      },

      async click(index, mods = {}) {
        const id = await idAt(index);
        if (id === undefined) return;
        const { anchor, selected } = get();
        if (mods.range && anchor !== null) {
          const ids = await rangeSelection(anchor, index);
          const next = mods.toggle ? new Set([...selected, ...ids]) : new Set(ids);
          place = index;
          set({ selected: next, focus: index, currentId: id });
        } else if (mods.toggle) {
          const next = new Set(selected);
          if (next.has(id)) next.delete(id);
          else next.add(id);
          place = index;
          set({ selected: next, anchor: index, focus: index, currentId: id });
        } else {
          place = index;
          set({ selected: new Set([id]), anchor: index, focus: index, currentId: id });
        }
      },

      async moveFocus(index, extend = false) {
        const { total, anchor } = get();
        if (!total) return;
        const to = Math.max(0, Math.min(total - 1, index));
        const id = await idAt(to);
        if (id === undefined) return;
        place = to;
        if (extend) {
          const from = anchor ?? to;
          set({ selected: new Set(await rangeSelection(from, to)), anchor: from, focus: to, currentId: id });
        } else {
          set({ selected: new Set([id]), anchor: to, focus: to, currentId: id });
        }
      },

      async step(delta) {
        const { total } = get();
        if (!total) return;
        const at = await whereIsCurrent();
        // Not in this listing and no place known (the filter changed): start from its first or last item.
        // Left the listing: the item after it now sits at its place.
        const to = at === null ? (delta > 0 ? 0 : total - 1) : at.present || delta < 0 ? at.index + delta : at.index;
        if (to < 0 || to >= total) return;
        await get().moveFocus(to);
      },

      async selectAll() {
        set({ selected: new Set(await get().allIds()) });
      },

      clearSelection() {
        set({ selected: new Set() });
      },

      setThumbSize(px) {
        const v = Math.round(Math.max(THUMB_MIN, Math.min(THUMB_MAX, px)));
        try {
          globalThis.localStorage?.setItem(THUMB_KEY, String(v));
        } catch {
          // remembering the size is only a convenience
        }
        set({ thumbSize: v });
      },

      allIds() {
        const { datasetId, query } = get();
        if (datasetId === null) return Promise.resolve([]);
        if (idsCache?.gen !== generation) {
          const ids = client.call('items.ids', {
            datasetId,
            filter: listFilter(query),
            sort: query.sort,
            desc: query.desc,
          });
          idsCache = { gen: generation, ids };
          ids.catch(() => {
            if (idsCache?.ids === ids) idsCache = null;
          });
        }
        return idsCache.ids;
      },

      settled() {
        if (get().datasetId === null || get().total !== null) return Promise.resolve();
        return new Promise((resolve) => settledWaiters.push(resolve));
      },

      dispose() {
        refreshSoon.cancel();
        generation++;
        settle();
      },
    };
  });

  const off = client.on('dataset.changed', (e) => {
    if (e.datasetId === store.getState().datasetId && e.change !== 'deleted') store.getState().refresh();
  });
  const dispose = store.getState().dispose;
  store.setState({
    dispose() {
      off();
      dispose();
    },
  });
  return store;
}
