// Worker thread for ingest: hashing, probing and renditions, off the main thread.
import sharp from 'sharp';
import { serveWorker } from '../workers';
import { probeFile, type ProbeRequest } from './probe';

// Every picture is new: libvips' operation cache would only hold memory.
sharp.cache(false);
serveWorker<ProbeRequest, Awaited<ReturnType<typeof probeFile>>>(probeFile);
