import type { Port, WireMessage } from './protocol';

/** Two linked ports in one process (tests, and the CLI driving the core directly). Messages are cloned
 * and delivered asynchronously so in-memory behaves like a real transport. */
export function createMemoryPorts(): [Port, Port] {
  const listeners: [Set<(m: WireMessage) => void>, Set<(m: WireMessage) => void>] = [new Set(), new Set()];
  const closeListeners: [Set<() => void>, Set<() => void>] = [new Set(), new Set()];
  let closed = false;
  const make = (self: 0 | 1): Port => {
    const other = (1 - self) as 0 | 1;
    return {
      post(msg) {
        if (closed) return;
        const copy = structuredClone(msg);
        queueMicrotask(() => listeners[other].forEach((cb) => cb(copy)));
      },
      onMessage(cb) {
        listeners[self].add(cb);
        return () => listeners[self].delete(cb);
      },
      onClose(cb) {
        closeListeners[self].add(cb);
        return () => closeListeners[self].delete(cb);
      },
      close() {
        if (closed) return;
        closed = true;
        closeListeners.forEach((s) => s.forEach((cb) => cb()));
      },
    };
  };
  return [make(0), make(1)];
}
