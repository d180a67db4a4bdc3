import type { CoreContext, HandlerSet } from '../app/context';
import { TAG_JOB, type TagJobParams } from './job';
import { applySelection } from './apply';
import { previewSelection } from './reslice';
import { categoryOf, displayTag, tagKey } from './select';
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
  const modelsOf = (datasetId: number): string[] => svc.scores.scoringModels(datasetId);

  return {
    'tagger.run': async (input) => {
      const dataset = datasets.get(input.datasetId);
      const model = await svc.resolveModel(input.model);
      // A malformed CSV or preprocess config is the caller's error now, not the job's later.
      svc.readVocab(model.tagsPath);
      const recipe = svc.readRecipe(model);
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
        ...(recipe ? { recipe } : {}),
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
      const suppressed = db.prepare('SELECT tag FROM tag_suppressions WHERE item_id = ? ORDER BY tag').pluck().all(itemId) as string[];
      // Compared by tagKey, so that any spelling of a tag (the item's, the settings', the user's) is the same tag.
      const tagged = new Set(item.tags.map((t) => tagKey(t.tag)));
      const removed = new Set(suppressed.map(tagKey));
      const scores = stored.flatMap(({ modelId, scores: s }) => {
        const v = svc.scores.vocab(modelId);
        const text = svc.selectionFor(item.datasetId, modelId);
        return [...s.idx].map((i, k) => {
          const name = v.names[i] ?? String(i);
          const key = tagKey(name);
          return {
            modelId,
            tag: displayTag(name, text),
            category: categoryOf(v.codes[i] ?? 0),
            score: s.score[k]!,
            status: tagged.has(key) ? ('tagged' as const) : removed.has(key) ? ('suppressed' as const) : ('untagged' as const),
          };
        });
      });
      scores.sort((a, b) => b.score - a.score);
      return { tags: enrichTags(item.tags, facts), scores, suppressed };
    },
    'tagger.tagTable': ({ datasetId, search, sort, desc, offset, limit }) => {
      datasets.get(datasetId);
      const rows = tagTable(datasetTagCounts(db, datasetId, search), tagFacts(svc.scores, modelsOf(datasetId)), sort, desc);
      return { total: rows.length, rows: rows.slice(offset, offset + limit) };
    },
    'tagger.autocomplete': ({ datasetId, query, limit }) => {
      datasets.get(datasetId);
      if (!tagKey(query)) return [];
      return autocomplete(svc.scores, modelsOf(datasetId), datasetTagCounts(db, datasetId, ''), query, limit);
    },
  };
}
