export { startHost, type Host, type HostOptions } from './server';
export { RPC_PATH, UPLOAD_PATH_HEADER } from '../shared/host-routes';
export { planFileResponse, etagOf, type FilePlan } from './file-response';
export { parseRange } from './range';
export { sanitizeRelPath, BATCH_ID } from './upload-path';
export { uploadDir } from './upload-route';
export { hostAllowed, originAllowed, parseCookies, cookieName, hasDotSegments } from './security';
export { contentSecurityPolicy } from './static-route';
export { openInBrowser } from './open-browser';
