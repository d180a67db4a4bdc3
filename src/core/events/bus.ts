import type { EventName, EventPayload } from '../../shared/contract';
import type { EventSource } from '../../shared/rpc';

/** In-process pub/sub for contract events; every host forwards it to its clients. */
export class EventBus implements EventSource {
  private readonly listeners = new Map<string, Set<(p: unknown) => void>>();

  subscribe<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(cb as (p: unknown) => void);
    return () => set.delete(cb as (p: unknown) => void);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const cb of [...set]) {
      try {
        cb(payload);
      } catch {
        // A failing listener (a closed socket) must not break the emitter or other listeners.
      }
    }
  }
}
