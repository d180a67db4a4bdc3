export { editHandlers } from './handlers';
export { editsMigrations } from './migrations';
export { EditLog, COALESCE_MS } from './edit-log';
export { tagFrequency } from './frequency';
export { readTags, writeTagDelta } from './tag-ops';
export { readCaption, writeCaption, type CaptionSnap } from './caption-ops';
export { addTags, removeTags, replaceTag, reorderTags, diffTags, sortTags, MANUAL, type TagRow, type TagDelta } from './tag-list';
export { prependCaption, appendCaption, compileReplace } from './caption-text';
