// Worker thread: writes re-slice plans on its own connection to the store (see plan-writer.ts).
import { openDb, type Db } from '../store';
import { serveWorker } from '../workers';
import { SteppedWrite, type WritePlan, type WriteResult } from './reslice-write';

/** Row changes per transaction (~10-30 ms): the longest a write on the core's own connection waits for the lock. */
const CHUNK_ROWS = 4000;

/** The first step of write `id` carries its plan; each later one asks for the next step. */
export type WriteTask = { file: string; id: number; plan: WritePlan } | { file: string; id: number; next: true };
export type WriteReply = WriteResult & { left: number };

const dbs = new Map<string, Db>();
/** The writes under way, between their steps, by id. */
const writes = new Map<number, SteppedWrite>();

serveWorker<WriteTask, WriteReply>((task) => {
  let db = dbs.get(task.file);
  if (!db) {
    // Migrations ran on the core's connection; a larger page cache than the default 2 MB keeps the tag
    // table's index pages in memory between writes.
    db = openDb(task.file, []);
    db.pragma('cache_size = -65536');
    // This thread checkpoints the WAL itself once a whole write is done (below), so a commit in the middle of a
    // write never stops to copy the log back into the database.
    db.pragma('wal_autocheckpoint = 0');
    dbs.set(task.file, db);
  }
  if ('plan' in task) writes.set(task.id, new SteppedWrite(db, task.plan, CHUNK_ROWS));
  const w = writes.get(task.id);
  if (!w) throw new Error(`Write ${task.id} is not under way.`);
  let res: WriteResult;
  try {
    res = w.next();
  } finally {
    if (!w.left) {
      writes.delete(task.id);
      // After the reply is sent: the write's caller need not wait for the checkpoint. PASSIVE waits for nobody.
      const done = db;
      setImmediate(() => done.pragma('wal_checkpoint(PASSIVE)'));
    }
  }
  return { ...res, left: w.left };
});
