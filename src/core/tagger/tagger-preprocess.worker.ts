// Worker thread: WD preprocessing of one picture per task (see preprocess.ts).
import sharp from 'sharp';
import { serveWorker, Transfer } from '../workers';
import { preprocessImage, type Prepared } from './preprocess';

// One libvips thread per picture: the pool's tasks are the parallelism, and inference needs the other cores.
sharp.concurrency(1);
sharp.cache(false);

serveWorker<{ path: string; size: number }, Prepared>(async ({ path, size }) => {
  const p = await preprocessImage(path, size);
  return new Transfer(p, [p.data.buffer as ArrayBuffer]);
});
