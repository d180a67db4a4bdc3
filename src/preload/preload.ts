// The sandboxed preload: forwards the one contract port from main to the page, and exposes three narrow helpers.
// It runs in the isolated world with only Electron's renderer modules; bundled to dist/preload/preload.cjs.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { BRIDGE_NAME, CHOOSE_DATA_FOLDER, PICK_FOLDER, PORT_MESSAGE, PORT_REQUEST, type AtelierBridge } from './bridge';

ipcRenderer.on(PORT_MESSAGE, (event) => {
  // Hand the port to the page's own world (and origin only).
  window.postMessage(PORT_MESSAGE, window.location.origin, event.ports);
});

const bridge: AtelierBridge = {
  requestPort: () => ipcRenderer.send(PORT_REQUEST),
  pathForFile: (file) => webUtils.getPathForFile(file) || null,
  pickFolder: () => ipcRenderer.invoke(PICK_FOLDER) as Promise<string | null>,
  chooseDataFolder: () => ipcRenderer.invoke(CHOOSE_DATA_FOLDER) as Promise<string | null>,
};

contextBridge.exposeInMainWorld(BRIDGE_NAME, bridge);
