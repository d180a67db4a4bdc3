// Worker thread for ingest: hashing, probing and renditions, off the main thread. It imports only this folder's
// rendition modules and the worker protocol, so it starts fast (no zod, no SQLite).
import { workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { serveWorker } from '../workers';
import { probeFile, type ProbeRequest } from './renditions-probe';

// Every picture is new: libvips' operation cache would only hold memory.
sharp.cache(false);
sharp.concurrency((workerData as { vipsThreads?: number } | null)?.vipsThreads ?? 1);
serveWorker<ProbeRequest, Awaited<ReturnType<typeof probeFile>>>(probeFile);
