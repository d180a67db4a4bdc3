export { guardPath, isInside, mediaContentType, parseMediaPath, resolveMedia, type MediaFile, type MediaRequest } from './guard';
export { RENDITION_KINDS, RENDITION_SIDES, getRenditions, recordRenditions, renditionAbsPath, renditionRelPath, type RenditionKind, type RenditionRecord } from './renditions';
export { decodeStrictness, renderRenditions, type RenderInput } from './renditions-render';
