export { openDb, migrate, nowIso, WAL_SIZE_LIMIT, type Db } from './db';
export { coreMigrations, type Migration } from './migrations';
