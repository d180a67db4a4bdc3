export { DatasetRepo } from './repo';
export { ItemRepo } from './items-repo';
export { buildItemQuery, likePattern } from './items-query';
export { datasetHandlers } from './handlers';
export { TextIndexes, type TextIndexesOptions } from './text-indexes';
export { pruneTextChanges } from './text-index-source';
