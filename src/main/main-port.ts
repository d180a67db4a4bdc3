import type { MessagePortMain } from 'electron';
import { isWireMessage, type Port } from '../shared/rpc';

/** A Port over Electron's MessagePortMain: main's end of the one contract channel of a page. */
export function mainPort(port: MessagePortMain): Port {
  const closeListeners = new Set<() => void>();
  let closed = false;
  port.on('close', () => {
    closed = true;
    closeListeners.forEach((cb) => cb());
  });
  return {
    post(msg) {
      if (!closed) port.postMessage(msg);
    },
    onMessage(cb) {
      const listener = (ev: Electron.MessageEvent) => {
        if (isWireMessage(ev.data)) cb(ev.data);
      };
      port.on('message', listener);
      return () => port.off('message', listener);
    },
    onClose(cb) {
      closeListeners.add(cb);
      return () => closeListeners.delete(cb);
    },
    close() {
      port.close();
    },
  };
}
