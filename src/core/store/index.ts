export { openDb, migrate, nowIso, type Db } from './db';
export { coreMigrations, type Migration } from './migrations';
