import type { AppErrorShape } from '../errors';

/** The wire messages of the one transport-agnostic RPC (Electron MessagePort, WebSocket, in-memory). */
export type WireMessage =
  | { t: 'call'; id: number; method: string; input: unknown }
  | { t: 'cancel'; id: number }
  | { t: 'result'; id: number; ok: true; output: unknown }
  | { t: 'result'; id: number; ok: false; error: AppErrorShape }
  | { t: 'sub'; event: string }
  | { t: 'unsub'; event: string }
  | { t: 'event'; event: string; payload: unknown };

/** A duplex message port. Transports adapt their native channel to this. */
export interface Port {
  post(msg: WireMessage): void;
  /** Returns an unsubscribe function. */
  onMessage(cb: (msg: WireMessage) => void): () => void;
  onClose(cb: () => void): () => void;
  close(): void;
}

export function isWireMessage(v: unknown): v is WireMessage {
  return !!v && typeof v === 'object' && typeof (v as { t?: unknown }).t === 'string';
}
