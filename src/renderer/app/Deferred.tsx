import { lazy, Suspense, useEffect, useState, type ComponentType, type ReactNode } from 'react';

/** Mounts its children the first time `when` is true and keeps them (so a dialog's closing transition plays).
 * With `lazyNamed`, code that the first screen does not need loads only when first wanted. */
export function Deferred({ when, children }: { when: boolean; children: ReactNode }) {
  const [shown, setShown] = useState(when);
  if (when && !shown) setShown(true);
  return shown ? <Suspense fallback={null}>{children}</Suspense> : null;
}

/** React.lazy for a named export: `lazyNamed(() => import('./X'), 'X')`. */
export function lazyNamed<M extends Record<string, unknown>, K extends keyof M & string>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType<any> })) as unknown as M[K];
}

/** Mounts its children just after the window's first paint: side panels wait, so the thumbnails show sooner. */
export function AfterFirstPaint({ children }: { children: ReactNode }) {
  const [ready, setReady] = useState(painted);
  useEffect(() => {
    if (ready) return;
    // Two frames: the first paints what is already there, the second runs after that paint.
    const id = requestAnimationFrame(() =>
      setTimeout(() => {
        painted = true;
        setReady(true);
      }, 0),
    );
    return () => cancelAnimationFrame(id);
  }, [ready]);
  return ready ? children : null;
}

let painted = false;
