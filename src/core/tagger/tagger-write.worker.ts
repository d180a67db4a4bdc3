// Worker thread: writes re-slice plans on its own connection to the store (see plan-writer.ts).
import { openDb, type Db } from '../store';
import { serveWorker } from '../workers';
import { writePlan, type WritePlan, type WriteResult } from './reslice-write';

const dbs = new Map<string, Db>();

serveWorker<{ file: string; plan: WritePlan }, WriteResult>(({ file, plan }) => {
  let db = dbs.get(file);
  if (!db) {
    // Migrations ran on the core's connection; a larger page cache than the default 2 MB keeps the tag
    // table's index pages in memory between writes.
    db = openDb(file, []);
    db.pragma('cache_size = -65536');
    dbs.set(file, db);
  }
  return writePlan(db, plan);
});
