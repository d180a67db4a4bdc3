import { createClient } from '../../shared/rpc';
import { PORT_MESSAGE, type AtelierBridge } from '../../preload/bridge';
import { electronMediaUrls } from './media-urls';
import { messagePortPort } from './message-port';
import type { Connection } from './types';

/** Connects a page inside the Electron window: asks the preload for the contract port and waits for it. */
export async function connectElectron(bridge: AtelierBridge, win: Window = window): Promise<Connection> {
  const port = await new Promise<MessagePort>((resolve) => {
    const onMessage = (ev: MessageEvent) => {
      // Only the preload, posting to this very window from this origin, hands over the port.
      if (ev.source !== win || ev.origin !== win.location.origin || ev.data !== PORT_MESSAGE || !ev.ports[0]) return;
      win.removeEventListener('message', onMessage);
      resolve(ev.ports[0]);
    };
    win.addEventListener('message', onMessage);
    bridge.requestPort();
  });
  return {
    client: createClient(messagePortPort(port)),
    host: 'electron',
    ...electronMediaUrls(),
    pathForFile: (file) => bridge.pathForFile(file),
    pickFolder: () => bridge.pickFolder(),
    chooseDataFolder: () => bridge.chooseDataFolder(),
  };
}
