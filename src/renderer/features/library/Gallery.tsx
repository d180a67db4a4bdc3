import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Button } from '@mantine/core';
import { useGallery, useStudio } from '../../app/studio-context';
import { IconAlert, IconCaption, IconPhoto, IconTag } from '../../app/icons';
import { useStrings } from '../../i18n';
import { defaultQuery, PAGE_SIZE } from '../../state/gallery-store';
import { columnsFor, fittedThumb, GAP, navTarget, rowHeight, TILE_PAD } from './grid-math';
import { libraryStrings } from './i18n';
import { useLibraryUi } from './ui-store';

/** The virtualized thumbnail grid: only the rows on screen exist; their items come page by page. */
export function Gallery() {
  const { gallery } = useStudio();
  const t = useStrings(libraryStrings);
  const total = useGallery((s) => s.total);
  const thumb = useGallery((s) => s.thumbSize);
  const focus = useGallery((s) => s.focus);
  const filtered = useGallery((s) => s.query.text !== '' || s.query.status !== 'all' || s.query.tag !== null);
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const count = total ?? 0;
  const cols = columnsFor(width, thumb);
  // Columns fill the width: the slider sets the smallest size, the spare width grows every tile a little.
  const side = fittedThumb(width, cols, thumb);
  const rowH = rowHeight(side);
  const rows = Math.ceil(count / cols);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => ref.current,
    estimateSize: () => rowH,
    overscan: 3,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, rowH]);

  const vitems = virtualizer.getVirtualItems();
  const firstRow = vitems[0]?.index ?? 0;
  const lastRow = vitems[vitems.length - 1]?.index ?? -1;
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
        useLibraryUi.getState().setPanel(true);
        useLibraryUi.getState().focusCaption();
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
          <Row key={v.key} row={v.index} top={v.start + GAP} cols={cols} count={count} thumb={side} height={rowH} />
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
}

const Row = memo(function Row({ row, top, cols, count, thumb, height }: RowProps) {
  const start = row * cols;
  const end = Math.min(count, start + cols);
  const tiles = [];
  for (let i = start; i < end; i++) tiles.push(<Tile key={i} index={i} thumb={thumb} />);
  return (
    <div className="grid-row" style={{ transform: `translateY(${top}px)`, height }}>
      {tiles}
    </div>
  );
});

const Tile = memo(function Tile({ index, thumb }: { index: number; thumb: number }) {
  const { gallery, conn } = useStudio();
  const t = useStrings(libraryStrings);
  const item = useGallery((s) => s.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE]);
  const selected = useGallery((s) => (item ? s.selected.has(item.id) : false));
  const focused = useGallery((s) => s.focus === index);
  const [broken, setBroken] = useState(false);
  useEffect(() => setBroken(false), [item?.sha256]);

  const onClick = useCallback(
    (e: MouseEvent) => {
      void gallery.getState().click(index, { range: e.shiftKey, toggle: e.ctrlKey || e.metaKey });
    },
    [gallery, index],
  );
  const onDoubleClick = useCallback(() => {
    useLibraryUi.getState().setPanel(true);
    useLibraryUi.getState().focusCaption();
  }, []);

  const box = { width: thumb, height: thumb };
  if (!item) {
    return (
      <div className="tile" style={{ width: thumb + 2 * TILE_PAD }}>
        <div className="tile-skeleton" style={box} />
      </div>
    );
  }
  const name = item.relPath.slice(item.relPath.lastIndexOf('/') + 1);
  const showImage = item.sha256 && item.status !== 'error' && !broken;
  return (
    <div
      className="tile"
      style={{ width: thumb + 2 * TILE_PAD }}
      data-selected={selected || undefined}
      data-focused={focused || undefined}
      data-testid="tile"
      data-item-id={item.id}
      onClick={onClick}
      onDoubleClick={onDoubleClick}
      title={item.relPath}
    >
      <div className="thumb" style={box}>
        {showImage ? (
          <img src={conn.renditionUrl(item.sha256!, 'preview')} alt="" loading="lazy" decoding="async" draggable={false} onError={() => setBroken(true)} />
        ) : (
          <IconPhoto size={Math.min(40, thumb / 3)} className="thumb-missing" />
        )}
        <div className="tile-marks">
          {item.status === 'error' && (
            <span className="mark mark-error" title={item.error ?? t.errorMark}>
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
      <div className="tile-name" translate="no">
        {name}
      </div>
    </div>
  );
});
