export { DatasetRepo } from './repo';
export { ItemRepo } from './items-repo';
export { buildItemQuery, likePattern } from './items-query';
export { datasetHandlers } from './handlers';
