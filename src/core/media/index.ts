export { guardPath, isInside, mediaContentType, parseMediaPath, resolveMedia, type MediaFile, type MediaRequest } from './guard';
export { RENDITION_SIDES, getRenditions, recordRenditions, renditionAbsPath, type RenditionKind, type RenditionRecord } from './renditions';
export type { ProbeRequest, ProbeResult } from './renditions-probe';
export { MAX_PIXELS, readError, type ItemError, type ItemErrorCode } from './renditions-errors';
