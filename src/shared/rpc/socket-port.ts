import { isWireMessage, type Port, type WireMessage } from './protocol';

/** What the RPC needs of a WebSocket: both the browser's WebSocket and the `ws` package's fit this shape. */
export interface TextSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: () => void): void;
  removeEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
}

const OPEN = 1;

/** A Port over an open WebSocket: one JSON text frame per message; anything else is ignored. */
export function socketPort(socket: TextSocket): Port {
  return {
    post(msg: WireMessage) {
      if (socket.readyState === OPEN) socket.send(JSON.stringify(msg));
    },
    onMessage(cb) {
      const listener = (ev: { data: unknown }) => {
        if (typeof ev.data !== 'string') return;
        let msg: unknown;
        try {
          msg = JSON.parse(ev.data);
        } catch {
          return;
        }
        if (isWireMessage(msg)) cb(msg);
      };
      socket.addEventListener('message', listener);
      return () => socket.removeEventListener('message', listener);
    },
    onClose(cb) {
      let live = true;
      socket.addEventListener('close', () => {
        if (live) cb();
      });
      return () => {
        live = false;
      };
    },
    close() {
      socket.close(1000, 'closed');
    },
  };
}
