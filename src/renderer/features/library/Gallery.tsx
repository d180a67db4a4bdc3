import { memo, useCallback, useEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type MouseEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ItemSummary } from '../../../shared/contract';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Button } from '@mantine/core';
import { useGallery, useStudio } from '../../app/studio-context';
import { IconAlert, IconCaption, IconPhoto, IconTag } from '../../app/icons';
import { problemTitle } from '../../app/errors';
import { useStrings } from '../../i18n';
import { defaultQuery, PAGE_SIZE } from '../../state/gallery-store';
import { columnsFor, fittedThumb, GAP, navTarget, rowHeight, TILE_PAD } from './grid-math';
import { libraryStrings } from './i18n';
import { useLibraryUi } from './ui-store';
import { useWidth } from './use-width';

/** The virtualized thumbnail grid: only the rows on screen exist; their items come page by page. */
export function Gallery() {
  const { gallery } = useStudio();
  const t = useStrings(libraryStrings);
  const total = useGallery((s) => s.total);
  const thumb = useGallery((s) => s.thumbSize);
  const focus = useGallery((s) => s.focus);
  const filtered = useGallery((s) => s.query.text !== '' || s.query.status !== 'all' || s.query.tag !== null);
  const [ref, width] = useWidth<HTMLDivElement>();

  const count = total ?? 0;
  const cols = columnsFor(width, thumb);
  // Columns fill the width: the slider sets the smallest size, the spare width grows every tile a little.
  const side = fittedThumb(width, cols, thumb);
  const rowH = rowHeight(side);
  // No rows until the width is known: a zero width would lay out one column of every item first.
  const rows = width > 0 ? Math.ceil(count / cols) : 0;
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => ref.current,
    estimateSize: () => rowH,
    overscan: 2,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, rowH]);

  const vitems = virtualizer.getVirtualItems();
  const firstRow = vitems[0]?.index ?? 0;
  const lastRow = vitems[vitems.length - 1]?.index ?? -1;
  // Flying through the list (a scrollbar drag jumps a screen or more per frame) shows bare tile shapes: nobody
  // can see pictures or names at that speed, and building and decoding them would make every frame late. They
  // appear as soon as the view slows down or stops (the virtualizer renders again when scrolling ends).
  const lastFirstRow = useRef(firstRow);
  const flying = virtualizer.isScrolling && Math.abs(firstRow - lastFirstRow.current) > Math.max(1, lastRow - firstRow);
  lastFirstRow.current = firstRow;
  useEffect(() => {
    gallery.getState().showRange({ start: firstRow * cols, end: (lastRow + 1) * cols - 1 });
  }, [gallery, firstRow, lastRow, cols]);

  useEffect(() => {
    if (focus !== null) virtualizer.scrollToIndex(Math.floor(focus / cols), { align: 'auto' });
  }, [virtualizer, focus, cols]);

  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      const g = gallery.getState();
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'a') {
        e.preventDefault();
        void g.selectAll();
        return;
      }
      if (e.key === 'Escape') {
        g.clearSelection();
        return;
      }
      if (e.key === 'Enter') {
        useLibraryUi.getState().editCaption();
        e.preventDefault();
        return;
      }
      if (e.key === ' ' && g.focus !== null) {
        e.preventDefault();
        void g.click(g.focus, { toggle: true });
        return;
      }
      const pageRows = Math.max(1, Math.floor((ref.current?.clientHeight ?? rowH) / rowH) - 1);
      const to = navTarget(e.key, g.focus, cols, g.total ?? 0, pageRows);
      if (to === null || e.altKey || mod) return;
      e.preventDefault();
      void g.moveFocus(to, e.shiftKey);
    },
    [gallery, cols, rowH],
  );

  const style = { '--gap': `${GAP}px` } as CSSProperties;
  return (
    <div className="gallery" ref={ref} tabIndex={0} onKeyDown={onKeyDown} style={style} data-testid="gallery" aria-label={t.pageLabel}>
      <div className="gallery-inner" style={{ height: virtualizer.getTotalSize() + GAP }}>
        {vitems.map((v) => (
          <Row key={v.key} row={v.index} top={v.start + GAP} cols={cols} count={count} thumb={side} height={rowH} pictures={!flying} />
        ))}
      </div>
      {total === 0 && (
        <div className="gallery-empty">
          {filtered ? (
            <>
              <div>{t.noMatches}</div>
              <Button variant="default" onClick={() => gallery.getState().setQuery(defaultQuery)}>
                {t.clearFilters}
              </Button>
            </>
          ) : (
            <>
              <IconPhoto size={40} />
              <div style={{ fontWeight: 600 }}>{t.emptyDataset}</div>
              <div style={{ maxWidth: 360, fontSize: 12.5 }}>{t.emptyHint}</div>
              <Button variant="default" onClick={() => useLibraryUi.getState().setAdd(true)}>
                {t.addFolder}
              </Button>
            </>
          )}
        </div>
      )}
    </div>
  );
}

interface RowProps {
  row: number;
  top: number;
  cols: number;
  count: number;
  thumb: number;
  height: number;
  /** False while the view flies past: tiles show as bare shapes. */
  pictures: boolean;
}

/** One row of tiles. Rows are what the scroll creates and drops, so a row makes few store subscriptions (its
 * items, which of them are selected, where the focus is) and its tiles are plain props-in components. */
const Row = memo(function Row({ row, top, cols, count, thumb, height, pictures }: RowProps) {
  const { gallery, conn } = useStudio();
  const t = useStrings(libraryStrings);
  const start = row * cols;
  const end = Math.min(count, start + cols);
  const items = useGallery(
    useShallow((s) => {
      const out: (ItemSummary | undefined)[] = [];
      for (let i = start; i < end; i++) out.push(s.pages.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE]);
      return out;
    }),
  );
  // One string, so the row re-renders only when its own selection changes: "0110".
  const selected = useGallery((s) => items.map((it) => (it && s.selected.has(it.id) ? '1' : '0')).join(''));
  const focus = useGallery((s) => (s.focus !== null && s.focus >= start && s.focus < end ? s.focus : -1));

  const onClick = useCallback(
    (e: MouseEvent<HTMLDivElement>) => {
      const index = Number((e.currentTarget as HTMLElement).dataset.index);
      void gallery.getState().click(index, { range: e.shiftKey, toggle: e.ctrlKey || e.metaKey });
    },
    [gallery],
  );

  const tiles = [];
  for (let i = start; i < end; i++) {
    const item = items[i - start];
    tiles.push(
      item && pictures ? (
        <Tile
          key={i}
          index={i}
          item={item}
          thumb={thumb}
          selected={selected[i - start] === '1'}
          focused={focus === i}
          src={item.sha256 && item.status !== 'error' ? conn.renditionUrl(item.sha256, 'preview') : null}
          t={t}
          onClick={onClick}
        />
      ) : (
        <div key={i} className="tile" style={{ width: thumb + 2 * TILE_PAD }}>
          <div className="tile-skeleton" style={{ width: thumb, height: thumb }} />
        </div>
      ),
    );
  }
  return (
    <div className="grid-row" style={{ transform: `translateY(${top}px)`, height }}>
      {tiles}
    </div>
  );
});

interface TileProps {
  index: number;
  item: ItemSummary;
  thumb: number;
  selected: boolean;
  focused: boolean;
  src: string | null;
  t: (typeof libraryStrings)['en'];
  onClick(e: MouseEvent<HTMLDivElement>): void;
}

const Tile = memo(function Tile({ index, item, thumb, selected, focused, src, t, onClick }: TileProps) {
  // A thumbnail that fails to load (file gone since) shows the placeholder instead of a broken image.
  const [broken, setBroken] = useState<string | null>(null);
  const name = item.relPath.slice(item.relPath.lastIndexOf('/') + 1);
  return (
    <div
      className="tile"
      style={{ width: thumb + 2 * TILE_PAD }}
      data-selected={selected || undefined}
      data-focused={focused || undefined}
      data-testid="tile"
      data-item-id={item.id}
      data-index={index}
      onClick={onClick}
      onDoubleClick={useLibraryUi.getState().editCaption}
    >
      <div className="thumb" style={{ width: thumb, height: thumb }}>
        {src && broken !== src ? (
          <img src={src} alt="" decoding="async" draggable={false} onError={() => setBroken(src)} />
        ) : (
          <IconPhoto size={Math.min(40, thumb / 3)} className="thumb-missing" />
        )}
        <div className="tile-marks">
          {item.status === 'error' && (
            <span className="mark mark-error" title={item.error ? problemTitle(item.errorCode, item.error) : t.itemStatus.error}>
              <IconAlert size={11} />
            </span>
          )}
          {item.caption ? (
            <span className="mark mark-caption" title={t.hasCaption}>
              <IconCaption size={11} />
            </span>
          ) : null}
          {item.tagCount > 0 && (
            <span className="mark" title={t.tagCount(item.tagCount)}>
              <IconTag size={10} />
              {item.tagCount}
            </span>
          )}
        </div>
      </div>
      <div className="tile-name" translate="no" title={item.relPath}>
        {name}
      </div>
    </div>
  );
});
