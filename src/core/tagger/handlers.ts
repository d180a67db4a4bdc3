import type { TagCategory } from '../../shared/contract';
import type { CoreContext, HandlerSet } from '../app/context';
import { TAG_JOB, type TagJobParams } from './job';
import { applySelection } from './apply';
import { previewSelection } from './reslice';
import { categoryOf, displayTag, selectionStats, tagKey } from './select';
import { taggerService } from './service';
import { autocomplete, datasetTagCounts, enrichTags, tagFacts, tagTable } from './tag-info';

type TaggerMethods =
  | 'tagger.run'
  | 'tagger.scoredModels'
  | 'tagger.getSelection'
  | 'tagger.preview'
  | 'tagger.apply'
  | 'tagger.itemTags'
  | 'tagger.tagTable'
  | 'tagger.autocomplete';

export function taggerHandlers(core: CoreContext): HandlerSet<TaggerMethods> {
  const svc = taggerService(core);
  const { db, datasets, items, bus } = core;
  const modelsOf = (datasetId: number): string[] => svc.scores.datasetModels(datasetId).map((m) => m.modelId);
  const factsFor = (datasetId: number): Map<string, { category: TagCategory; postCount: number }> => tagFacts(svc.scores, modelsOf(datasetId));

  return {
    'tagger.run': async (input) => {
      const dataset = datasets.get(input.datasetId);
      const model = await svc.resolveModel(input.model);
      svc.readVocab(model.tagsPath); // a malformed CSV is the caller's error now, not the job's later
      const params: TagJobParams = {
        datasetId: dataset.id,
        modelId: model.id,
        modelPath: model.modelPath,
        tagsPath: model.tagsPath,
        thresholds: model.thresholds,
        ...(input.itemIds ? { itemIds: input.itemIds } : {}),
        force: input.force,
        batch: input.batch,
        provider: input.provider,
        ...(input.selection ? { selection: input.selection } : {}),
      };
      const what = input.itemIds ? `${input.itemIds.length} items of ${dataset.name}` : dataset.name;
      const job = core.jobs.create(TAG_JOB, `Tag ${what} with ${model.name}`, params, dataset.id);
      return { jobId: job.id };
    },
    'tagger.scoredModels': ({ datasetId }) => {
      datasets.get(datasetId);
      const saved = new Map(svc.selections.list(datasetId).map((s) => [s.modelId, s]));
      return svc.scores.datasetModels(datasetId).map((m) => ({
        modelId: m.modelId,
        scoredItems: m.scoredItems,
        applied: saved.get(m.modelId)?.applied ?? false,
        selection: svc.selectionFor(datasetId, m.modelId),
      }));
    },
    'tagger.getSelection': ({ datasetId, modelId }) => svc.selectionFor(datasetId, modelId),
    'tagger.preview': ({ datasetId, modelId, selection }) => previewSelection(db, svc.scores, datasetId, modelId, selection),
    'tagger.apply': ({ datasetId, modelId, selection }) => applySelection(core, svc, datasetId, modelId, selection),
    'tagger.itemTags': ({ itemId }) => {
      const item = items.get(itemId);
      const stored = svc.scores.itemScores(itemId);
      const facts = tagFacts(svc.scores, stored.map((s) => s.modelId));
      const scores = stored.flatMap(({ modelId, scores: s }) => {
        const v = svc.scores.vocab(modelId);
        return [...s.idx].map((i, k) => ({
          modelId,
          tag: displayTag(v.names[i] ?? String(i), { underscores: 'space', escapeParens: false }),
          category: categoryOf(v.codes[i] ?? 0),
          score: s.score[k]!,
        }));
      });
      scores.sort((a, b) => b.score - a.score);
      const suppressed = db.prepare('SELECT tag FROM tag_suppressions WHERE item_id = ? ORDER BY tag').pluck().all(itemId) as string[];
      return { tags: enrichTags(item.tags, facts), scores, suppressed };
    },
    'tagger.tagTable': ({ datasetId, search, sort, desc, offset, limit }) => {
      datasets.get(datasetId);
      const rows = tagTable(datasetTagCounts(db, datasetId, search), factsFor(datasetId), sort, desc);
      return { total: rows.length, rows: rows.slice(offset, offset + limit) };
    },
    'tagger.autocomplete': ({ datasetId, query, limit }) => {
      datasets.get(datasetId);
      const models = modelsOf(datasetId);
      const facts = tagFacts(svc.scores, models);
      const names = models.flatMap((id) => svc.scores.vocab(id).names);
      if (!tagKey(query)) return [];
      return autocomplete(datasetTagCounts(db, datasetId, ''), facts, names, query, limit);
    },
  };
}
