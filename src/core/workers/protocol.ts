/** Messages between a WorkerPool and the script it runs (see serveWorker). */
export interface WorkerRequest {
  id: number;
  input: unknown;
}

export type WorkerReply =
  | { id: number; ok: true; output: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code?: string } };
