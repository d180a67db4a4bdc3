import { tagSelectionSchema, type ProviderRequest, type TagRunResult, type TagSelection } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { CoreContext } from '../app/context';
import type { JobContext } from '../jobs';
import { startEngine } from './engine';
import { runPipeline, type PipelineItem } from './pipeline';
import { applySelection } from './apply';
import type { PreprocessRecipe } from './preprocess-config';
import { keepScores } from './scores-codec';
import type { TaggerService } from './service';
import { PROVIDER_LABELS } from '../inference';

export const TAG_JOB = 'tag';

/** What a tag job is created with: the call's input plus the model it resolved to. */
export interface TagJobParams {
  datasetId: number;
  modelId: string;
  modelPath: string;
  tagsPath: string;
  thresholds: { general: number; character: number } | null;
  itemIds?: number[];
  force: boolean;
  batch: number;
  provider: ProviderRequest;
  selection?: Partial<TagSelection>;
  /** Preprocessing threads (default: one per core). */
  prepWorkers?: number;
  /** The model's own preprocessing, read from its config when the job was created (non-WD models). */
  recipe?: PreprocessRecipe;
}

interface TagJobState {
  /** With force, items up to this id were scored before an interruption. */
  doneThrough: number;
}

export function registerTagJob(core: CoreContext, svc: TaggerService): void {
  core.jobs.register<TagJobParams, TagJobState>({ kind: TAG_JOB, lane: 'inference', unit: 'pictures', run: (ctx) => runTagJob(core, svc, ctx) });
}

async function runTagJob(core: CoreContext, svc: TaggerService, ctx: JobContext<TagJobParams, TagJobState>): Promise<TagRunResult> {
  const p = ctx.params;
  const vocab = svc.readVocab(p.tagsPath);
  const rows = core.db
    .prepare(`SELECT id, abs_path AS path, status FROM items WHERE dataset_id = ? AND status != 'missing' AND media = 'image' ORDER BY id`)
    .all(p.datasetId) as (PipelineItem & { status: string })[];
  const wanted = p.itemIds ? new Set(p.itemIds) : null;
  const candidates = rows.filter((r) => r.status !== 'error' && (!wanted || wanted.has(r.id)));
  const unusable = rows.filter((r) => r.status === 'error' && (!wanted || wanted.has(r.id))).length;

  const engine = await startEngine(p.modelPath, {
    provider: p.provider,
    ...(p.prepWorkers ? { prepWorkers: p.prepWorkers } : {}),
    ...(p.recipe ? { recipe: p.recipe } : {}),
  });
  try {
    const m = engine.model;
    if (m.outputSize !== null && m.outputSize !== vocab.names.length) {
      throw new AppError('UNSUPPORTED', `The model gives ${m.outputSize} scores but its selected_tags.csv lists ${vocab.names.length} tags; they do not belong together.`);
    }
    svc.scores.registerModel(p.modelId, vocab);
    const already = p.force ? new Set<number>() : svc.scores.scoredAmong(p.modelId, candidates.map((c) => c.id));
    const through = p.force ? (ctx.state?.doneThrough ?? 0) : 0;
    const todo = candidates.filter((c) => !already.has(c.id) && c.id > through);
    const skipped = candidates.length - todo.length + unusable;

    const label = `${PROVIDER_LABELS[m.provider]}${m.warning ? ' (fallback)' : ''}`;
    // The first message says which provider runs and, when another was tried first, why: clients show it (as a
    // warning when it is one: a requested GPU not used, or a GPU expected here under 'auto').
    ctx.progress(0, todo.length, m.fallbackReason ? `Tagging on ${label}. ${m.fallbackReason}` : `Tagging on ${label}`);
    const batch = m.batch === 'dynamic' ? p.batch : m.batch;
    let done = 0;
    let failed = 0;
    const started = Date.now();
    await runPipeline(todo, engine, {
      size: m.inputSize,
      batch,
      prefetch: Math.max(2 * batch, 2 * engine.prepWorkers),
      signal: ctx.signal,
      onBatch: (scored, bad) => {
        svc.scores.putScores(p.modelId, scored.map((s) => ({ itemId: s.id, scores: keepScores(s.probs, vocab) })));
        for (const b of bad) {
          ctx.fileError(b.path, 'DECODE', `Could not prepare this picture for the tagger: ${b.message}`);
          failed++;
        }
        done += scored.length + bad.length;
        const last = scored[scored.length - 1]?.id ?? bad[bad.length - 1]?.id;
        if (p.force && last !== undefined) ctx.saveState({ doneThrough: last });
        ctx.progress(done, todo.length, `Tagging on ${label}`);
      },
    });
    if (ctx.signal.aborted) throw new AppError('CANCELLED', 'Tagging was cancelled.');
    const seconds = (Date.now() - started) / 1000;

    // Write the tags from the stored scores: the whole dataset's, so the saved selection holds everywhere.
    const selection = tagSelectionSchema.parse({ ...svc.selectionFor(p.datasetId, p.modelId, p.thresholds), ...p.selection });
    await applySelection(core, svc, p.datasetId, p.modelId, selection);

    return {
      modelId: p.modelId,
      batch,
      requested: m.requested,
      provider: m.provider,
      fallbackReason: m.fallbackReason,
      problems: m.problems,
      warning: m.warning,
      placement: m.placement,
      scored: done - failed,
      skipped,
      failed,
      imagesPerSecond: done > 0 && seconds > 0 ? done / seconds : null,
    };
  } finally {
    await engine.close();
  }
}
