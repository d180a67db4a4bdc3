import { isWireMessage, type Port, type WireMessage } from '../../shared/rpc';

/** What the adapter needs of a MessagePort: the DOM's (and Node's) MessagePort fit. */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  start(): void;
  close(): void;
}

/** A Port over a MessagePort (Electron: the one port main hands to the page). Messages are structured-cloned. */
export function messagePortPort(port: MessagePortLike): Port {
  const closeListeners = new Set<() => void>();
  let closed = false;
  const markClosed = () => {
    if (closed) return;
    closed = true;
    closeListeners.forEach((cb) => cb());
  };
  // Newer Chromium fires 'close' when the other side goes away; older ones never do, which is harmless.
  (port as unknown as { addEventListener(t: string, l: () => void): void }).addEventListener('close', markClosed);
  port.start();
  return {
    post(msg: WireMessage) {
      if (!closed) port.postMessage(msg);
    },
    onMessage(cb) {
      const listener = (ev: { data: unknown }) => {
        if (isWireMessage(ev.data)) cb(ev.data);
      };
      port.addEventListener('message', listener);
      return () => port.removeEventListener('message', listener);
    },
    onClose(cb) {
      closeListeners.add(cb);
      return () => closeListeners.delete(cb);
    },
    close() {
      port.close();
      markClosed();
    },
  };
}
