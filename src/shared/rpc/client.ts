import { AppError, appErrorSchema } from '../errors';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../contract';
import type { Port, WireMessage } from './protocol';

export interface CallOptions {
  signal?: AbortSignal;
}

export interface Client {
  call<M extends MethodName>(method: M, input: MethodInput<M>, opts?: CallOptions): Promise<MethodOutput<M>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
  close(): void;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/** The contract client over any Port. Results are trusted (the server validated them); errors become AppError. */
export function createClient(port: Port): Client {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();

  port.onMessage((msg: WireMessage) => {
    if (msg.t === 'result') {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.output);
      else {
        const parsed = appErrorSchema.safeParse(msg.error);
        const e = parsed.success ? parsed.data : { code: 'INTERNAL' as const, message: 'Malformed error from server.' };
        p.reject(new AppError(e.code, e.message, e.details));
      }
    } else if (msg.t === 'event') {
      listeners.get(msg.event)?.forEach((cb) => cb(msg.payload));
    }
  });
  port.onClose(() => {
    for (const p of pending.values()) p.reject(new AppError('NETWORK', 'The connection to Atelier closed.'));
    pending.clear();
  });

  return {
    call(method, input, opts) {
      const id = nextId++;
      const signal = opts?.signal;
      return new Promise((resolve, reject) => {
        const cancelled = () => new AppError('CANCELLED', 'The operation was cancelled.');
        if (signal?.aborted) {
          reject(cancelled());
          return;
        }
        // An abort settles the call here and now; the server is told so that its handler can stop (ctx.signal),
        // and whatever it still answers is dropped.
        const onAbort = () => {
          if (!pending.delete(id)) return;
          port.post({ t: 'cancel', id });
          reject(cancelled());
        };
        const done = () => signal?.removeEventListener('abort', onAbort);
        pending.set(id, {
          resolve: (v) => (done(), resolve(v as MethodOutput<typeof method>)),
          reject: (e) => (done(), reject(e)),
        });
        signal?.addEventListener('abort', onAbort, { once: true });
        port.post({ t: 'call', id, method, input });
      });
    },
    on(event, cb) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
        port.post({ t: 'sub', event });
      }
      set.add(cb as (p: unknown) => void);
      return () => {
        const s = listeners.get(event);
        if (!s) return;
        s.delete(cb as (p: unknown) => void);
        if (s.size === 0) {
          listeners.delete(event);
          port.post({ t: 'unsub', event });
        }
      };
    },
    close() {
      port.close();
    },
  };
}
