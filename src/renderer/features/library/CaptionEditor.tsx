import { useEffect, useRef } from 'react';
import { Textarea } from '@mantine/core';
import { useEditor, useStudio } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { libraryStrings } from './i18n';
import { useLibraryUi } from './ui-store';

/** The caption box: saves by itself a moment after typing stops, and when the item changes or it loses focus. */
export function CaptionEditor() {
  const { editor } = useStudio();
  const t = useStrings(libraryStrings);
  const draft = useEditor((s) => s.draft);
  const saveState = useEditor((s) => s.saveState);
  const focusRequest = useLibraryUi((s) => s.captionFocus);
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (focusRequest) ref.current?.focus();
  }, [focusRequest]);

  const label = { saved: t.saved, dirty: t.unsaved, saving: t.saving, error: t.saveFailed }[saveState];
  return (
    <section className="panel-section">
      <div className="panel-section-title">
        <span>{t.caption}</span>
        <span data-testid="save-state" data-state={saveState} style={{ textTransform: 'none', letterSpacing: 0, fontWeight: 500, color: saveState === 'error' ? 'var(--mantine-color-red-text)' : undefined }}>
          {label}
        </span>
      </div>
      <Textarea
        ref={ref}
        value={draft}
        onChange={(e) => editor.getState().setDraft(e.currentTarget.value)}
        onBlur={() => void editor.getState().flush().catch(() => undefined)}
        placeholder={t.captionPlaceholder}
        autosize
        minRows={3}
        maxRows={14}
        spellCheck
        translate="no"
        data-testid="caption"
      />
      <div className="kbd-hint" style={{ marginTop: 4 }}>
        {t.navHint}
      </div>
    </section>
  );
}
