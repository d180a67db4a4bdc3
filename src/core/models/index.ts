// Tagger models: the catalog, downloads (jobs of kind 'model-download'), local folders, and resolution of a
// model id or folder to the files a tagger runs. Sessions on those files come from ../inference.
export { ModelManager, MODEL_DOWNLOAD_KIND, type ResolvedModel, type ModelCore } from './manager';
export { modelHandlers, registerModelJobs } from './handlers';
export { modelMigrations } from './migrations';
export { loadCatalog, parseCatalog, catalogEntry, CATALOG_FILE } from './catalog';
export { downloadFile, parseContentRange, type DownloadFileOptions, type DownloadFileResult } from './http-download';
export { classifyHttpStatus, classifyNetworkFailure, RetryableError } from './http-errors';
export { hfAccess, hfEndpointInEffect, hfFileUrl, normaliseEndpoint, isCommit } from './hf-url';
export { checkModelFolder, countTagRows, MODEL_FILE, TAGS_FILE } from './local-model';
export { catalogModelDir, modelsRoot, MANIFEST_FILE } from './layout';
export { modelDownloadJob, type ModelDownloadParams, type ModelDownloadResult, type DownloadTuning } from './download-job';
