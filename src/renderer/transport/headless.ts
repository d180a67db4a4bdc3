import { AppError } from '../../shared/errors';
import { RPC_PATH } from '../../shared/host-routes';
import { createClient, socketPort, type TextSocket } from '../../shared/rpc';
import { httpMediaUrls } from './media-urls';
import type { Connection } from './types';
import { uploadFiles } from './upload';

/** A WebSocket that can also report opening (the browser's WebSocket and the `ws` package's both do). */
export interface OpeningSocket extends TextSocket {
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'close' | 'open' | 'error', listener: () => void): void;
}

export interface HeadlessOptions {
  /** The host's origin, e.g. http://127.0.0.1:4817; default the page's own. */
  baseUrl?: string;
  /** Opens the RPC socket; default the browser's WebSocket (its session cookie goes with it). */
  openSocket?: (url: string) => OpeningSocket;
  fetch?: typeof fetch;
}

/** Connects a page served by `atelier serve`: RPC over a WebSocket, media and uploads over HTTP. */
export async function connectHeadless(opts: HeadlessOptions = {}): Promise<Connection> {
  const baseUrl = opts.baseUrl ?? globalThis.location.origin;
  const wsUrl = `${baseUrl.replace(/^http/, 'ws')}${RPC_PATH}`;
  const socket = opts.openSocket ? opts.openSocket(wsUrl) : (new WebSocket(wsUrl) as unknown as OpeningSocket);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () =>
      reject(new AppError('NETWORK', 'Cannot reach Atelier. Is `atelier serve` still running? Open the address it printed.')),
    );
  });
  const fetchImpl = opts.fetch ?? globalThis.fetch.bind(globalThis);
  return {
    client: createClient(socketPort(socket)),
    host: 'headless',
    ...httpMediaUrls(opts.baseUrl ?? ''),
    uploadFiles: (datasetId, files, onProgress) => uploadFiles(opts.baseUrl ?? '', fetchImpl, datasetId, files, onProgress),
  };
}
