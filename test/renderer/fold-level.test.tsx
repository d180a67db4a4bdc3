// @vitest-environment jsdom
import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useFoldLevel } from '../../src/renderer/features/library/use-fold-level';
import './render';

/** jsdom lays nothing out: each element is as wide as its data-w, the row as `room`. */
let room = 1000;
const observers = new Set<() => void>();
class FakeResizeObserver {
  constructor(private readonly cb: () => void) {}
  observe() {
    observers.add(this.cb);
    this.cb();
  }
  disconnect() {
    observers.delete(this.cb);
  }
  unobserve() {}
}
const resize = (width: number) => {
  room = width;
  act(() => observers.forEach((cb) => cb()));
};

beforeEach(() => {
  vi.stubGlobal('ResizeObserver', FakeResizeObserver);
  const width = (el: HTMLElement) => (el.dataset.row !== undefined ? room : Number(el.dataset.w ?? 0));
  for (const prop of ['offsetWidth', 'scrollWidth', 'clientWidth'] as const) {
    vi.spyOn(HTMLElement.prototype, prop, 'get').mockImplementation(function (this: HTMLElement) {
      return width(this);
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** A row of two parts, 300 px each; level 1 narrows the second to 100, level 2 both. */
function Row({ content, levels = 2 }: { content: string; levels?: number; tick?: number }) {
  const [ref, level] = useFoldLevel<HTMLDivElement>(content, levels);
  const w = [level >= 2 ? 100 : 300, level >= 1 ? 100 : 300];
  return (
    <div ref={ref} data-row="" data-level={level}>
      <span data-w={w[0]} />
      <span data-fill="" data-w={5000} />
      <span data-w={w[1]} />
    </div>
  );
}

describe('useFoldLevel', () => {
  it('measures when the content changes or a width needs a level not measured yet, and not on other renders', () => {
    const measures = vi.spyOn(window, 'getComputedStyle');
    const level = () => Number(document.querySelector('[data-row]')!.getAttribute('data-level'));
    room = 1000;
    const { rerender } = render(<Row content="a" />);
    expect(level()).toBe(0);
    const first = measures.mock.calls.length;
    expect(first).toBeGreaterThan(0);
    // Renders that change nothing the key names (a selection click) measure nothing.
    for (let tick = 0; tick < 5; tick++) rerender(<Row content="a" tick={tick} />);
    expect(measures.mock.calls.length).toBe(first);

    resize(450);
    expect(level()).toBe(1);
    const second = measures.mock.calls.length;
    expect(second).toBeGreaterThan(first);
    // Wider and narrower again: the widths measured decide, with no measuring.
    resize(1000);
    expect(level()).toBe(0);
    resize(450);
    expect(level()).toBe(1);
    resize(250);
    expect(level()).toBe(2);
    resize(150);
    expect(level()).toBe(2);
    resize(900);
    expect(level()).toBe(0);
    const third = measures.mock.calls.length;
    resize(300);
    expect(level()).toBe(2);
    expect(measures.mock.calls.length).toBe(third);

    // New content (another language): measured again from the unfolded row up, to the level that fits.
    rerender(<Row content="b" />);
    expect(level()).toBe(2);
    expect(measures.mock.calls.length).toBeGreaterThan(third);
  });
});
