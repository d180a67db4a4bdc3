import type { PointerEvent } from 'react';
import { useStrings } from '../../i18n';
import { libraryStrings } from './i18n';
import { PANEL_DEFAULT } from './layout';
import { useLibraryUi } from './ui-store';

/** The item panel's left edge: drag to widen or narrow the panel (double-click restores the default). */
export function PanelResizer() {
  const t = useStrings(libraryStrings);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const startX = e.clientX;
    const startW = useLibraryUi.getState().panelWidth;
    const move = (ev: globalThis.PointerEvent) => useLibraryUi.getState().setPanelWidth(startW + (startX - ev.clientX));
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  };
  return (
    <div
      className="panel-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label={t.resizePanel}
      title={t.resizePanel}
      onPointerDown={onPointerDown}
      onDoubleClick={() => useLibraryUi.getState().setPanelWidth(PANEL_DEFAULT)}
    />
  );
}
