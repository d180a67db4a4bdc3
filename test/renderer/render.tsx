import type { ReactElement } from 'react';
import { MantineProvider } from '@mantine/core';
import { cleanup, render, type RenderResult } from '@testing-library/react';
import { afterEach } from 'vitest';
import { StudioContext } from '../../src/renderer/app/studio-context';
import { theme } from '../../src/renderer/app/theme';
import type { Studio } from '../../src/renderer/state/studio';

// What Mantine and the components ask of a browser that jsdom does not have.
if (typeof window !== 'undefined') {
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  Element.prototype.scrollIntoView ??= () => undefined;
  // Drag events carry pointer coordinates (jsdom has no DragEvent; a plain Event would drop clientX).
  window.DragEvent ??= class DragEvent extends MouseEvent {
    readonly dataTransfer: DataTransfer | null = null;
  } as typeof window.DragEvent;
}

afterEach(() => cleanup());

/** Renders a component inside the window's providers, on a studio's stores (the in-memory transport). */
export function renderWithStudio(ui: ReactElement, studio: Studio): RenderResult {
  return render(
    <MantineProvider theme={theme} env="test">
      <StudioContext.Provider value={studio}>{ui}</StudioContext.Provider>
    </MantineProvider>,
  );
}
