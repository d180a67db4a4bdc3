export { guardPath, isInside, mediaContentType, parseMediaPath, resolveMedia, type MediaFile, type MediaRequest } from './guard';
