import { useEffect, useState } from 'react';
import type { TagCount } from '../../../shared/contract';
import { useStudio } from '../../app/studio-context';

/** The dataset's tags matching what is being typed, most used first (prefix matches before others). */
export function useTagSuggestions(datasetId: number | null, query: string, limit = 12): TagCount[] {
  const { conn } = useStudio();
  const [tags, setTags] = useState<TagCount[]>([]);
  useEffect(() => {
    if (datasetId === null) return;
    let live = true;
    const timer = setTimeout(() => {
      conn.client
        .call('tags.frequency', { datasetId, query: query.trim() || undefined, limit })
        .then((r) => live && setTags(r.tags))
        .catch(() => live && setTags([]));
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [conn, datasetId, query, limit]);
  return tags;
}
