import { useMemo, useState, type DragEvent } from 'react';
import type { ItemDetail } from '../../../shared/contract';
import { IconX } from '../../app/icons';
import { attempt } from '../../app/notify';
import { useStudio } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { libraryStrings } from './i18n';
import { TagInput } from './TagInput';

/** Marks drags of tag chips, so the window's file drop ignores them. */
export const TAG_DRAG_TYPE = 'application/x-atelier-tag';

/** The item's tags as chips: add with autocomplete, remove, drag to reorder. */
export function TagEditor({ item }: { item: ItemDetail }) {
  const { editor } = useStudio();
  const t = useStrings(libraryStrings);
  const [dragging, setDragging] = useState<string | null>(null);
  const [dropBefore, setDropBefore] = useState<number | null>(null);
  const present = useMemo(() => new Set(item.tags.map((x) => x.tag)), [item.tags]);

  const onDrop = (e: DragEvent, index: number) => {
    e.preventDefault();
    e.stopPropagation();
    const tag = dragging;
    setDragging(null);
    setDropBefore(null);
    if (!tag) return;
    const from = item.tags.findIndex((x) => x.tag === tag);
    // Dropping before a later chip: that chip's index shifts down once the dragged one leaves.
    const to = from < index ? index - 1 : index;
    if (to !== from) void attempt(() => editor.getState().moveTag(tag, to));
  };

  return (
    <section className="panel-section">
      <div className="panel-section-title">
        <span>{t.tags}</span>
        <span style={{ textTransform: 'none', letterSpacing: 0, fontWeight: 500 }}>{item.tags.length || ''}</span>
      </div>
      <div className="chips" data-testid="tag-chips" onDragOver={(e) => dragging && e.preventDefault()} onDrop={(e) => onDrop(e, item.tags.length)}>
        {item.tags.length === 0 && <span className="kbd-hint">{t.noTags}</span>}
        {item.tags.map((tag, i) => {
          const model = tag.source !== 'manual';
          return (
            <span
              key={tag.tag}
              className="chip"
              draggable
              data-model={model || undefined}
              data-user-content={model ? tag.source : undefined}
              data-dragging={dragging === tag.tag || undefined}
              data-drop-before={dropBefore === i || undefined}
              data-testid="tag-chip"
              title={model ? t.modelTag(tag.source, tag.score === null ? '' : tag.score.toFixed(2)) : t.manualTag}
              onDragStart={(e) => {
                e.dataTransfer.setData(TAG_DRAG_TYPE, tag.tag);
                e.dataTransfer.effectAllowed = 'move';
                setDragging(tag.tag);
              }}
              onDragEnd={() => {
                setDragging(null);
                setDropBefore(null);
              }}
              onDragOver={(e) => {
                if (!dragging) return;
                e.preventDefault();
                e.stopPropagation();
                const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
                setDropBefore(e.clientX < r.left + r.width / 2 ? i : i + 1);
              }}
              onDrop={(e) => onDrop(e, dropBefore ?? i)}
            >
              <span className="chip-text" translate="no">
                {tag.tag}
              </span>
              <button className="chip-x" aria-label={t.removeTag(tag.tag)} data-user-content={tag.tag} onClick={() => void attempt(() => editor.getState().removeTag(tag.tag))}>
                <IconX size={11} />
              </button>
            </span>
          );
        })}
      </div>
      <div style={{ marginTop: 8 }}>
        <TagInput
          datasetId={item.datasetId}
          placeholder={t.addTagPlaceholder}
          exclude={present}
          testId="tag-input"
          onAdd={(tags) => void attempt(() => editor.getState().addTags(tags))}
        />
      </div>
    </section>
  );
}
