import { AppError, toAppError } from '../errors';
import { events, methods, type EventName, type EventPayload, type MethodName, type MethodOutput, type MethodParsedInput } from '../contract';
import { isWireMessage, type Port } from './protocol';

export interface CallContext {
  signal: AbortSignal;
}

export type Handler<M extends MethodName> = (
  input: MethodParsedInput<M>,
  ctx: CallContext,
) => Promise<MethodOutput<M>> | MethodOutput<M>;

export type Handlers = { [M in MethodName]: Handler<M> };

/** Where servers get events from: the core's event bus implements this. */
export interface EventSource {
  subscribe<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
}

function formatIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Serves the contract on one port: validates every input, runs the handler, validates the output,
 * and forwards the events the client subscribed to. Returns a function that detaches it. */
export function serveRpc(port: Port, handlers: Handlers, source: EventSource): () => void {
  const inflight = new Map<number, AbortController>();
  const subs = new Map<string, () => void>();

  const offMessage = port.onMessage(async (msg) => {
    if (!isWireMessage(msg)) return;
    switch (msg.t) {
      case 'call': {
        const ac = new AbortController();
        inflight.set(msg.id, ac);
        try {
          // Own keys only: a name like "toString" or "__proto__" must not reach the object's prototype.
          if (!Object.hasOwn(methods, msg.method)) throw new AppError('NOT_FOUND', `Unknown call "${msg.method}".`);
          const def = (methods as Record<string, (typeof methods)[MethodName]>)[msg.method]!;
          const parsed = def.input.safeParse(msg.input);
          if (!parsed.success) {
            throw new AppError('INVALID_INPUT', formatIssues(parsed.error.issues), { issues: parsed.error.issues });
          }
          const handler = handlers[msg.method as MethodName] as unknown as Handler<MethodName>;
          const out = await handler(parsed.data as never, { signal: ac.signal });
          const checked = def.output.safeParse(out);
          if (!checked.success) {
            throw new AppError('INTERNAL', `The service returned a malformed result for ${msg.method}: ${formatIssues(checked.error.issues)}`);
          }
          port.post({ t: 'result', id: msg.id, ok: true, output: checked.data });
        } catch (err) {
          port.post({ t: 'result', id: msg.id, ok: false, error: toAppError(err).toJSON() });
        } finally {
          inflight.delete(msg.id);
        }
        return;
      }
      case 'cancel':
        inflight.get(msg.id)?.abort();
        return;
      case 'sub': {
        if (subs.has(msg.event) || !Object.hasOwn(events, msg.event)) return;
        const name = msg.event as EventName;
        subs.set(name, source.subscribe(name, (payload) => port.post({ t: 'event', event: name, payload })));
        return;
      }
      case 'unsub':
        subs.get(msg.event)?.();
        subs.delete(msg.event);
        return;
      default:
        return;
    }
  });

  const detach = () => {
    offMessage();
    for (const ac of inflight.values()) ac.abort();
    for (const off of subs.values()) off();
    subs.clear();
  };
  port.onClose(detach);
  return detach;
}
