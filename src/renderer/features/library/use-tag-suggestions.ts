import { useEffect, useState } from 'react';
import { useStudio } from '../../app/studio-context';

export interface TagSuggestion {
  tag: string;
  /** Items of the dataset holding it (0: only the tagger models know it). */
  count: number;
}

/** The tagger's `tagger.autocomplete` answers at most this many. */
const MAX_ASKED = 100;
const EMPTY: ReadonlySet<string> = new Set();

/** How tags compare for "already there": case, `_` or space, and escaped parentheses aside (as the core does). */
export function tagKey(tag: string): string {
  return tag.trim().toLowerCase().replace(/\\([()])/g, '$1').replace(/_/g, ' ');
}

/** The first `limit` suggestions that are not among the present tags. */
function withoutPresent(suggestions: TagSuggestion[], present: ReadonlySet<string>, limit: number): TagSuggestion[] {
  const keys = new Set([...present].map(tagKey));
  return suggestions.filter((s) => !keys.has(tagKey(s.tag))).slice(0, limit);
}

/**
 * Tags to suggest for what is being typed: those containing it, the dataset's by how many items carry them, then
 * the tagger models' vocabularies by post count (`tagger.autocomplete`). With nothing typed, the dataset's most
 * used tags. Tags in `present` (the item's own) are never suggested, and do not take the place of others: the
 * service is asked for that many more.
 */
export function useTagSuggestions(datasetId: number | null, query: string, present: ReadonlySet<string> = EMPTY, limit = 12): TagSuggestion[] {
  const { conn } = useStudio();
  const [found, setFound] = useState<TagSuggestion[]>([]);
  const asked = Math.min(MAX_ASKED, limit + present.size);
  const q = query.trim();
  useEffect(() => {
    if (datasetId === null) return;
    let live = true;
    const timer = setTimeout(() => {
      const call = q
        ? conn.client.call('tagger.autocomplete', { datasetId, query: q, limit: asked })
        : conn.client.call('tags.frequency', { datasetId, limit: asked }).then((r) => r.tags);
      call.then((r) => live && setFound(r), () => live && setFound([]));
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [conn, datasetId, q, asked]);
  return withoutPresent(found, present, limit);
}
