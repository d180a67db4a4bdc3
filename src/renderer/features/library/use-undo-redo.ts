import { useCallback, useEffect } from 'react';
import { attempt, showNotice } from '../../app/notify';
import { useStudio } from '../../app/studio-context';
import { stringsNow } from '../../i18n';
import { describeOp } from './format';
import { libraryStrings } from './i18n';

function isTextField(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && !['checkbox', 'radio', 'range', 'button'].includes((el as HTMLInputElement).type));
}

/** Undo and redo of the open dataset's edits, with a short confirmation of what was reverted. */
export function useUndoRedo() {
  const { edits } = useStudio();
  const run = useCallback(
    async (which: 'undo' | 'redo') => {
      const r = await attempt(() => edits.getState()[which]());
      if (!r?.step) return;
      const t = stringsNow(libraryStrings);
      const what = describeOp(r.step.op, t);
      showNotice({ message: which === 'undo' ? t.undone(what) : t.redone(what), autoClose: 2000, withCloseButton: false });
    },
    [edits],
  );
  return { undo: () => void run('undo'), redo: () => void run('redo') };
}

/** Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) on the page; text fields keep their own typing undo. */
export function useUndoKeys(): void {
  const { undo, redo } = useUndoRedo();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || isTextField(e.target)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) undo();
      else if ((k === 'z' && e.shiftKey) || k === 'y') redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
}
