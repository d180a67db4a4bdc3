import type { CoreContext, HandlerSet } from '../app/context';
import type { EditResult } from '../../shared/contract';
import { EditLog } from './edit-log';
import { tagFrequency } from './frequency';

type EditMethods = 'edits.apply' | 'edits.undo' | 'edits.redo' | 'edits.history' | 'tags.frequency';

/** Events name the changed items only when they are few; otherwise clients reload what they show. */
const MAX_EVENT_IDS = 500;

export function editHandlers(core: CoreContext): HandlerSet<EditMethods> {
  const log = new EditLog(core.db);
  const stepItems = core.db.prepare('SELECT item_id FROM edit_changes WHERE step_id = ?').pluck();

  const announce = (datasetId: number, result: EditResult, requested: number[] = []): EditResult => {
    if (result.changed === 0) return result;
    let ids: number[] | undefined;
    if (result.changed <= MAX_EVENT_IDS) {
      if (result.step) ids = stepItems.all(result.step.id) as number[];
      else if (requested.length <= MAX_EVENT_IDS) ids = requested;
    }
    core.bus.emit('dataset.changed', { datasetId, change: 'items', ...(ids ? { itemIds: ids } : {}) });
    return result;
  };

  return {
    'edits.apply': ({ datasetId, itemIds, op, coalesce }) => {
      core.datasets.get(datasetId);
      return announce(datasetId, log.apply(datasetId, itemIds, op, coalesce), itemIds);
    },
    'edits.undo': ({ datasetId }) => announce(datasetId, log.undo(datasetId)),
    'edits.redo': ({ datasetId }) => announce(datasetId, log.redo(datasetId)),
    'edits.history': ({ datasetId }) => log.history(datasetId),
    'tags.frequency': (q) => {
      core.datasets.get(q.datasetId);
      return tagFrequency(core.db, q);
    },
  };
}
