import { BRIDGE_NAME, type AtelierBridge } from '../../preload/bridge';
import { connectElectron } from './electron';
import { connectHeadless } from './headless';
import type { Connection } from './types';

/** The page's connection to Atelier: Electron's preload bridge when present, else the headless host's WebSocket. */
export function connect(): Promise<Connection> {
  const bridge = (globalThis as unknown as Record<string, AtelierBridge | undefined>)[BRIDGE_NAME];
  return bridge ? connectElectron(bridge) : connectHeadless();
}
