import { useCallback, useState, type KeyboardEvent } from 'react';
import { ActionIcon, Tooltip } from '@mantine/core';
import { ProblemText } from '../../app/CoreText';
import { Deferred, lazyNamed } from '../../app/Deferred';
import { byOrder } from '../../app/extensions';
import { IconAlert, IconChevronDown, IconPhoto, IconX } from '../../app/icons';
import { notifyError } from '../../app/notify';
import { itemPanelSections } from '../../app/pages';
import { useEditor, useStudio } from '../../app/studio-context';
import { useLang, useStrings } from '../../i18n';
import { CaptionEditor } from './CaptionEditor';
import { ItemFacts } from './ItemFacts';
import { PanelResizer } from './PanelResizer';
import { libraryStrings } from './i18n';
import { TagEditor } from './TagEditor';
import { useLibraryUi } from './ui-store';

const ZoomView = lazyNamed(() => import('./ZoomView'), 'ZoomView');

/** The open item: large view, caption, tags, facts, and the sections features add. Beside the gallery, or over it
 * where the window leaves no room for both. */
export function ItemPanel({ width, overlay = false }: { width: number; overlay?: boolean }) {
  const { gallery, conn } = useStudio();
  const t = useStrings(libraryStrings);
  const lang = useLang();
  const item = useEditor((s) => s.item);
  const [zoom, setZoom] = useState(false);
  const [noMedium, setNoMedium] = useState<string | null>(null);

  const step = useCallback((delta: -1 | 1) => void gallery.getState().step(delta).catch(notifyError), [gallery]);

  // Alt+↑/↓ anywhere in the panel (the caption box included) moves on without leaving the keyboard.
  const onKeyDown = (e: KeyboardEvent) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    step(e.key === 'ArrowUp' ? -1 : 1);
  };

  const name = item ? item.relPath.slice(item.relPath.lastIndexOf('/') + 1) : '';
  return (
    <aside className="itempanel" onKeyDown={onKeyDown} data-testid="item-panel" data-overlay={overlay || undefined} style={{ width }}>
      <PanelResizer />
      <div className="itempanel-head">
        <div className="itempanel-title" translate="no" title={item?.relPath}>
          {name}
        </div>
        <Tooltip label={t.previous}>
          <ActionIcon onClick={() => step(-1)} aria-label={t.previous} disabled={!item}>
            <IconChevronDown size={16} style={{ transform: 'rotate(180deg)' }} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t.next}>
          <ActionIcon onClick={() => step(1)} aria-label={t.next} disabled={!item}>
            <IconChevronDown size={16} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t.closePanel}>
          <ActionIcon onClick={() => useLibraryUi.getState().setPanel(false)} aria-label={t.closePanel}>
            <IconX size={16} />
          </ActionIcon>
        </Tooltip>
      </div>
      {!item ? (
        <div className="page-empty">{t.noItem}</div>
      ) : (
        <div className="itempanel-scroll">
          {item.sha256 && item.status === 'ready' ? (
            <div className="preview" onClick={() => setZoom(true)} title={t.openOriginal}>
              <img
                src={conn.renditionUrl(item.sha256, noMedium === item.sha256 ? 'preview' : 'medium')}
                alt=""
                draggable={false}
                data-testid="preview-image"
                // A picture without a medium rendition (an older import) shows its grid preview instead.
                onError={() => setNoMedium(item.sha256)}
              />
            </div>
          ) : (
            <div className="preview preview-none">
              {item.status === 'error' ? <IconAlert size={28} /> : <IconPhoto size={28} />}
              <div>{t.itemStatus[item.status]}</div>
              {item.error && (
                <div className="preview-problem">
                  <ProblemText code={item.errorCode} message={item.error} />
                </div>
              )}
            </div>
          )}
          <CaptionEditor />
          <TagEditor item={item} />
          {byOrder(itemPanelSections).map((s) => (
            <section className="panel-section" key={s.id}>
              <div className="panel-section-title">{s.title[lang]}</div>
              <s.component item={item} />
            </section>
          ))}
          <ItemFacts item={item} />
        </div>
      )}
      {zoom && item && (
        <Deferred when>
          <ZoomView url={conn.originalUrl(item.id)} onClose={() => setZoom(false)} />
        </Deferred>
      )}
    </aside>
  );
}
