import type { CoreContext, HandlerSet } from '../app/context';

type DatasetMethods =
  | 'datasets.list' | 'datasets.get' | 'datasets.create' | 'datasets.rename' | 'datasets.delete' | 'datasets.updateSettings'
  | 'items.list' | 'items.ids' | 'items.get' | 'items.all' | 'items.setCaption';

export function datasetHandlers(core: CoreContext): HandlerSet<DatasetMethods> {
  const { datasets, items, bus } = core;
  return {
    'datasets.list': () => datasets.list(),
    'datasets.get': ({ id }) => datasets.get(id),
    'datasets.create': ({ name, kind }) => {
      const d = datasets.create(name, kind);
      bus.emit('dataset.changed', { datasetId: d.id, change: 'created' });
      return d;
    },
    'datasets.rename': ({ id, name }) => {
      const d = datasets.rename(id, name);
      bus.emit('dataset.changed', { datasetId: id, change: 'meta' });
      return d;
    },
    'datasets.delete': ({ id }) => {
      const deleted = datasets.delete(id);
      if (deleted) bus.emit('dataset.changed', { datasetId: id, change: 'deleted' });
      return { deleted };
    },
    'datasets.updateSettings': ({ id, settings }) => {
      const d = datasets.updateSettings(id, settings);
      bus.emit('dataset.changed', { datasetId: id, change: 'meta' });
      return d;
    },
    'items.list': ({ datasetId, filter, sort, desc, offset, limit }) => {
      datasets.get(datasetId);
      return items.list(datasetId, filter, sort, desc, offset, limit);
    },
    'items.ids': ({ datasetId, filter, sort, desc }) => items.ids(datasetId, filter, sort, desc),
    'items.get': ({ id }) => items.get(id),
    'items.all': ({ datasetId, offset, limit }) => {
      datasets.get(datasetId);
      return { items: items.all(datasetId, offset, limit) };
    },
    'items.setCaption': ({ id, text }) => {
      items.setCaption(id, text);
      bus.emit('dataset.changed', { datasetId: items.datasetOf(id), change: 'items', itemIds: [id] });
      return items.get(id);
    },
  };
}
