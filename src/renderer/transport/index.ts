export type { Connection } from './types';
export { connect } from './connect';
export { connectHeadless, type HeadlessOptions, type OpeningSocket } from './headless';
export { connectElectron } from './electron';
export { messagePortPort, type MessagePortLike } from './message-port';
export { httpMediaUrls, electronMediaUrls, type MediaUrls } from './media-urls';
export { uploadFiles } from './upload';
