import { create } from 'zustand';
import type { ProviderRequest } from '../../../shared/contract';

const KEY = 'atelier.tagger';

interface Saved {
  modelId: string | null;
  provider: ProviderRequest;
  batch: number;
}

/** The Tagger page's choices, kept across reloads: the model, the provider asked for, the batch size. */
export interface TaggerUi extends Saved {
  set(patch: Partial<Saved>): void;
}

function load(): Saved {
  const fallback: Saved = { modelId: null, provider: 'auto', batch: 8 };
  try {
    return { ...fallback, ...(JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}') as Partial<Saved>) };
  } catch {
    return fallback;
  }
}

export const useTaggerUi = create<TaggerUi>((set, get) => ({
  ...load(),
  set(patch) {
    set(patch);
    const { modelId, provider, batch } = get();
    try {
      globalThis.localStorage?.setItem(KEY, JSON.stringify({ modelId, provider, batch }));
    } catch {
      // storage may be unavailable (private windows): the choice lasts for this session only
    }
  },
}));
