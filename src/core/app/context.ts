import type { Handler, Handlers } from '../../shared/rpc';
import type { MethodName } from '../../shared/contract';
import type { DatasetRepo, ItemRepo } from '../datasets';
import type { EventBus } from '../events';
import type { JobManager } from '../jobs';
import type { Db } from '../store';
import type { SettingsStore } from '../settings';

/** What every service gets: the store, the event bus, the job manager and the shared repositories. */
export interface CoreContext {
  dataDir: string;
  host: 'electron' | 'headless' | 'memory';
  db: Db;
  bus: EventBus;
  jobs: JobManager;
  datasets: DatasetRepo;
  items: ItemRepo;
  settings: SettingsStore;
  /** Cleanups run (in reverse order) when the core closes: watchers, worker pools. */
  onClose(fn: () => Promise<void> | void): void;
}

/** A domain's share of the contract. */
export type HandlerSet<M extends MethodName> = { [K in M]: Handler<K> };
export type PartialHandlers = Partial<Handlers>;
