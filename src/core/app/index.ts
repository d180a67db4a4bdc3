export { createAtelier, DB_FILE, type Atelier, type AtelierOptions } from './atelier';
export { dataFlag, defaultDataDir, resolveDataDir, APP_NAME } from './data-dir';
export type { CoreContext, HandlerSet } from './context';
