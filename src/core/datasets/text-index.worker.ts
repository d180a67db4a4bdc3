// Worker thread: reads a dataset's text index data on its own connection, so a build (about a second at 100,000
// items) never holds up the core's thread.
import { openDb, type Db } from '../store';
import { Transfer, serveWorker } from '../workers';
import type { TextIndexData } from './text-index';
import { readTextIndexData } from './text-index-source';

export interface BuildTask {
  file: string;
  datasetId: number;
}

const dbs = new Map<string, Db>();

serveWorker<BuildTask, TextIndexData>((task) => {
  let db = dbs.get(task.file);
  if (!db) {
    // Migrations ran on the core's connection.
    db = openDb(task.file, []);
    dbs.set(task.file, db);
  }
  const data = readTextIndexData(db, task.datasetId);
  const arrays = [data.ids, data.status, data.hasCaption, data.starts, data.postStart, data.postSlots];
  return new Transfer(data, arrays.map((a) => a.buffer as ArrayBuffer));
});
