import { availableParallelism } from 'node:os';
import { Worker, type Transferable } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './protocol';

export interface WorkerPoolOptions {
  /** Worker threads at most. Default: one per core. */
  size?: number;
  /** Tasks handed to one worker at a time. Above 1 when a task waits on I/O or on libuv threads (sharp). */
  tasksPerWorker?: number;
  /** An idle worker is stopped after this long, so an idle app gives its memory back. 0 keeps them. */
  idleTimeoutMs?: number;
  /** Data passed to every worker as workerData. */
  workerData?: unknown;
}

export interface RunOptions {
  transfer?: readonly Transferable[];
}

interface Task {
  id: number;
  input: unknown;
  transfer: readonly Transferable[];
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

interface Slot {
  worker: Worker;
  running: Map<number, Task>;
  idleTimer: NodeJS.Timeout | null;
}

/** Error raised in a worker, rebuilt in the caller with its name, message and (node) error code. */
export class WorkerTaskError extends Error {
  readonly code: string | undefined;
  constructor(name: string, message: string, code?: string) {
    super(message);
    this.name = name;
    this.code = code;
  }
}

/** A small pool of worker threads running one script (served with serveWorker). Tasks queue in order; a
 * worker that dies fails only its own tasks and is replaced on demand. Workers start lazily. */
export class WorkerPool<I, O> {
  readonly size: number;
  private readonly perWorker: number;
  private readonly idleTimeoutMs: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly script: string,
    private readonly opts: WorkerPoolOptions = {},
  ) {
    this.size = Math.max(1, opts.size ?? availableParallelism());
    this.perWorker = Math.max(1, opts.tasksPerWorker ?? 1);
    this.idleTimeoutMs = opts.idleTimeoutMs ?? 30_000;
  }

  /** How many tasks run at once when the pool is busy. */
  get capacity(): number {
    return this.size * this.perWorker;
  }

  run(input: I, opts: RunOptions = {}): Promise<O> {
    if (this.closed) return Promise.reject(new Error('The worker pool is closed.'));
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, transfer: opts.transfer ?? [], resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Starts every worker now, so the first tasks do not pay for thread start-up. */
  warm(): void {
    while (!this.closed && this.slots.size < this.size) this.spawn();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error('The worker pool closed.'));
    await Promise.all([...this.slots].map((s) => this.retire(s)));
  }

  private dispatch(): void {
    while (this.queue.length) {
      const slot = this.freeSlot();
      if (!slot) return;
      const task = this.queue.shift()!;
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      slot.running.set(task.id, task);
      slot.worker.ref();
      const msg: WorkerRequest = { id: task.id, input: task.input };
      slot.worker.postMessage(msg, task.transfer);
    }
  }

  private freeSlot(): Slot | null {
    let best: Slot | null = null;
    for (const s of this.slots) if (s.running.size < this.perWorker && (!best || s.running.size < best.running.size)) best = s;
    if (best && best.running.size === 0) return best;
    if (this.slots.size < this.size) return this.spawn();
    return best;
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, { workerData: this.opts.workerData });
    const slot: Slot = { worker, running: new Map(), idleTimer: null };
    this.slots.add(slot);
    this.markIdle(slot);
    worker.on('message', (msg: WorkerReply) => {
      const task = slot.running.get(msg.id);
      if (!task) return;
      slot.running.delete(msg.id);
      if (msg.ok) task.resolve(msg.output);
      else task.reject(new WorkerTaskError(msg.error.name, msg.error.message, msg.error.code));
      this.settle(slot);
    });
    const fail = (err: Error) => {
      if (!this.slots.delete(slot)) return;
      for (const t of slot.running.values()) t.reject(err);
      slot.running.clear();
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      this.dispatch();
    };
    worker.on('error', (err) => fail(err));
    worker.on('exit', (code) => fail(new Error(`A worker thread stopped unexpectedly (exit code ${code}).`)));
    return slot;
  }

  private settle(slot: Slot): void {
    this.dispatch();
    if (slot.running.size === 0) this.markIdle(slot);
  }

  /** Idle workers must not keep a finished CLI run alive, and give their memory back after a while. */
  private markIdle(slot: Slot): void {
    slot.worker.unref();
    if (this.idleTimeoutMs > 0 && !slot.idleTimer) {
      slot.idleTimer = setTimeout(() => void this.retire(slot), this.idleTimeoutMs);
      slot.idleTimer.unref();
    }
  }

  private async retire(slot: Slot): Promise<void> {
    if (!this.slots.delete(slot)) return;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    for (const t of slot.running.values()) t.reject(new Error('The worker pool closed.'));
    slot.running.clear();
    await slot.worker.terminate();
  }
}
