import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Handlers } from '../../shared/rpc';
import { createClient, createMemoryPorts, serveRpc, type Client } from '../../shared/rpc';
import { DatasetRepo, ItemRepo, TextIndexes, datasetHandlers, pruneTextChanges } from '../datasets';
import { editHandlers, editsMigrations } from '../edits';
import { EventBus } from '../events';
import { exportHandlers, registerExportJobs } from '../export';
import { ingestHandlers, ingestMigrations, registerIngestJobs, startWatching } from '../ingest';
import { JobManager, jobHandlers } from '../jobs';
import { modelHandlers, modelMigrations, registerModelJobs } from '../models';
import { SettingsStore } from '../settings';
import { registerTaggerJobs, taggerHandlers, taggerMigrations } from '../tagger';
import { coreMigrations, openDb } from '../store';
import { registerTrainingJobs, trainingHandlers, trainingMigrations } from '../training';
import type { CoreContext } from './context';
import { systemHandlers } from './system-handlers';

export interface AtelierOptions {
  dataDir: string;
  host: CoreContext['host'];
  /** Start the job queue (resuming interrupted jobs). Hosts do; one-shot CLI reads need not. */
  startJobs?: boolean;
  /** Keep watched dataset folders in sync (default false). Only long-lived hosts do (the app and `atelier serve`
   * call startWatching): a one-shot command must not rescan the folders of every dataset. */
  watch?: boolean;
  /** Answer text filters from in-memory per-dataset indexes built in a worker (default false). Long-lived hosts
   * do; a one-shot command would pay a build for one query. */
  searchIndex?: boolean;
}

export interface Atelier extends CoreContext {
  handlers: Handlers;
  /** A contract client on an in-memory transport, for the CLI and tests. */
  connect(): Client;
  close(): Promise<void>;
}

export const DB_FILE = 'atelier.db';
/** Rows of the text-search change log kept (core-004). */
const TEXT_LOG_KEEP = 100_000;

export function createAtelier(opts: AtelierOptions): Atelier {
  mkdirSync(opts.dataDir, { recursive: true });
  const dbFile = join(opts.dataDir, DB_FILE);
  const db = openDb(dbFile, [...coreMigrations, ...ingestMigrations, ...editsMigrations, ...taggerMigrations, ...modelMigrations, ...trainingMigrations]);
  // Only the process that holds the data folder (it runs the jobs) prunes: a one-shot read, opened beside a
  // running app, must not wait for that app's write lock.
  if (opts.startJobs !== false) pruneTextChanges(db, TEXT_LOG_KEEP);
  const texts = opts.searchIndex === true ? new TextIndexes(db, dbFile, { keepLog: TEXT_LOG_KEEP }) : null;
  const bus = new EventBus();
  const jobs = new JobManager(db, bus);
  const cleanups: (() => Promise<void> | void)[] = [];
  const core: CoreContext = {
    dataDir: opts.dataDir,
    host: opts.host,
    db,
    bus,
    jobs,
    datasets: new DatasetRepo(db),
    items: new ItemRepo(db, {}, texts),
    settings: new SettingsStore(db),
    onClose: (fn) => cleanups.push(fn),
  };

  registerIngestJobs(core);
  registerExportJobs(core);
  registerModelJobs(core);
  registerTaggerJobs(core);
  registerTrainingJobs(core);

  const handlers: Handlers = {
    ...systemHandlers(core),
    ...datasetHandlers(core),
    ...jobHandlers(core),
    ...ingestHandlers(core),
    ...exportHandlers(core),
    ...modelHandlers(core),
    ...editHandlers(core),
    ...taggerHandlers(core),
    ...trainingHandlers(core, { start: opts.startJobs !== false }),
  };

  if (opts.startJobs !== false) jobs.start();
  if (opts.watch === true) startWatching(core);

  let closing: Promise<void> | null = null;
  return {
    ...core,
    handlers,
    connect() {
      const [a, b] = createMemoryPorts();
      serveRpc(a, handlers, bus);
      return createClient(b);
    },
    close() {
      closing ??= (async () => {
        await jobs.close();
        for (const fn of cleanups.reverse()) await fn();
        await texts?.close();
        db.close();
      })();
      return closing;
    },
  };
}
