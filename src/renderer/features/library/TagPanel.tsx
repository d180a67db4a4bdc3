import { useEffect, useRef, useState } from 'react';
import { SegmentedControl, TextInput } from '@mantine/core';
import { MAX_ITEM_IDS, type TagCount } from '../../../shared/contract';
import { IconSearch } from '../../app/icons';
import { useGallery, useStudio } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { libraryStrings } from './i18n';
import { useLibraryUi } from './ui-store';

/** Tag frequency for the dataset or the selection; clicking a tag filters the gallery to it. Docked beside the
 * gallery, or over it (closed by Esc, a click elsewhere or its toolbar button) where the window is too narrow. */
export function TagPanel({ width, overlay = false }: { width: number; overlay?: boolean }) {
  const { conn, gallery } = useStudio();
  const t = useStrings(libraryStrings);
  const datasetId = useGallery((s) => s.datasetId);
  const selected = useGallery((s) => s.selected);
  const active = useGallery((s) => s.query.tag);
  const [scope, setScope] = useState<'dataset' | 'selection'>('dataset');
  const [find, setFind] = useState('');
  const [data, setData] = useState<{ distinct: number; tags: TagCount[] }>({ distinct: 0, tags: [] });
  // Bumped by changes in the dataset, so the counts follow edits and imports.
  const [version, setVersion] = useState(0);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!overlay) return;
    const close = () => useLibraryUi.getState().setTagsOverlay(false);
    const onDown = (e: PointerEvent) => {
      const target = e.target as Element | null;
      // Its own toolbar button toggles it; menus and popovers it opens live in portals outside it.
      if (!target || ref.current?.contains(target) || target.closest('[data-tags-toggle], [data-portal]')) return;
      close();
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    document.addEventListener('pointerdown', onDown, true);
    // Capture: a focused tooltip's own Escape handling stops the event before it would bubble here.
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      document.removeEventListener('keydown', onKey, true);
    };
  }, [overlay]);

  useEffect(
    () =>
      conn.client.on('dataset.changed', (e) => {
        if (e.datasetId === gallery.getState().datasetId) setVersion((v) => v + 1);
      }),
    [conn, gallery],
  );

  // The selection scope counts the selected items; with none selected there is nothing to count, and one too
  // large to send is counted over the dataset, saying so.
  const noSelection = scope === 'selection' && selected.size === 0;
  const tooLarge = scope === 'selection' && selected.size > MAX_ITEM_IDS;
  const useSelection = scope === 'selection' && !noSelection && !tooLarge;
  useEffect(() => {
    if (datasetId === null || noSelection) return;
    let live = true;
    const timer = setTimeout(() => {
      conn.client
        .call('tags.frequency', {
          datasetId,
          itemIds: useSelection ? [...selected] : undefined,
          query: find.trim() || undefined,
          limit: 1000,
        })
        .then((r) => live && setData(r))
        .catch(() => undefined);
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [conn, datasetId, noSelection, useSelection, selected, find, version]);

  const rows = noSelection ? [] : data.tags;
  const max = rows[0]?.count ?? 1;
  return (
    <div className="tagcol" data-testid="tag-panel" data-overlay={overlay || undefined} style={{ width }} ref={ref}>
      <div style={{ padding: '8px 8px 6px', display: 'flex', flexDirection: 'column', gap: 6 }}>
        <div className="sidebar-heading" style={{ padding: '0 2px' }}>
          <span>{t.tagList}</span>
          <span style={{ textTransform: 'none', letterSpacing: 0 }}>{noSelection ? '' : t.distinctTags(data.distinct)}</span>
        </div>
        <SegmentedControl
          fullWidth
          value={scope}
          onChange={(v) => setScope(v as 'dataset' | 'selection')}
          data={[
            { value: 'dataset', label: t.scopeDataset },
            { value: 'selection', label: t.scopeSelection },
          ]}
        />
        <TextInput value={find} onChange={(e) => setFind(e.currentTarget.value)} placeholder={t.findTag} leftSection={<IconSearch size={13} />} />
      </div>
      <div className="tagcol-list" title={t.tagFilterHint}>
        {tooLarge && (
          <div className="sidebar-empty" data-testid="tag-scope-note">
            {t.selectionTooLarge(MAX_ITEM_IDS)}
          </div>
        )}
        {useSelection && (
          <div className="sidebar-empty" data-testid="tag-scope-note">
            {t.selectionCounts(selected.size)}
          </div>
        )}
        {noSelection && (
          <div className="sidebar-empty" data-testid="tag-scope-note">
            {t.selectionEmpty}
          </div>
        )}
        {!noSelection && rows.length === 0 && <div className="sidebar-empty">{t.noTagsInScope}</div>}
        {rows.map((tag) => (
          <button
            key={tag.tag}
            className="tagrow"
            data-active={active === tag.tag || undefined}
            onClick={() => gallery.getState().setQuery({ tag: active === tag.tag ? null : tag.tag })}
            style={{ position: 'relative' }}
          >
            <span
              aria-hidden
              style={{
                position: 'absolute',
                left: 0,
                top: 2,
                bottom: 2,
                width: `${Math.max(2, (tag.count / max) * 100)}%`,
                background: 'var(--mantine-primary-color-light)',
                opacity: 0.45,
                borderRadius: 3,
                pointerEvents: 'none',
              }}
            />
            <span className="tag-name" translate="no" style={{ position: 'relative' }}>
              {tag.tag}
            </span>
            <span className="tag-count" style={{ position: 'relative' }}>
              {tag.count}
            </span>
          </button>
        ))}
      </div>
    </div>
  );
}
