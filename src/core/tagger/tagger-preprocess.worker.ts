// Worker thread: preprocessing of one picture per task, WD-style (preprocess.ts) or by a model's own config
// (preprocess-config.ts).
import sharp from 'sharp';
import { serveWorker, Transfer } from '../workers';
import { preprocessImage, type Prepared } from './preprocess';
import { preprocessWithRecipe } from './preprocess-config';
import type { PrepareTask } from './engine';

// One libvips thread per picture: the pool's tasks are the parallelism, and inference needs the other cores.
sharp.concurrency(1);
sharp.cache(false);

serveWorker<PrepareTask, Prepared>(async ({ path, size, recipe }) => {
  const p = recipe ? await preprocessWithRecipe(path, recipe.recipe, recipe.layout) : await preprocessImage(path, size);
  return new Transfer(p, [p.data.buffer as ArrayBuffer]);
});
