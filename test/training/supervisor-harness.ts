// Opens a data folder with the supervisor's tables and starts a Supervisor over it (tests and the child process).
import { join } from 'node:path';
import { EventBus } from '../../src/core/events';
import { coreMigrations, openDb, type Db } from '../../src/core/store';
import { Supervisor, supervisorMigrations } from '../../src/core/training/supervisor';

export interface Harness {
  db: Db;
  bus: EventBus;
  sup: Supervisor;
  close(): Promise<void>;
}

export function openSupervisor(dataDir: string, o: { pollMs?: number; interruptTimeoutMs?: number; terminateTimeoutMs?: number } = {}): Harness {
  const db = openDb(join(dataDir, 'atelier.db'), [...coreMigrations, ...supervisorMigrations]);
  const bus = new EventBus();
  const sup = new Supervisor({ db, bus, dataDir, pollMs: o.pollMs ?? 40, interruptTimeoutMs: o.interruptTimeoutMs ?? 20_000, terminateTimeoutMs: o.terminateTimeoutMs ?? 5_000 });
  sup.start();
  return {
    db,
    bus,
    sup,
    async close() {
      await sup.close();
      db.close();
    },
  };
}
