import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Studio } from '../state/studio';
import type { AppState } from '../state/app-store';
import type { GalleryState } from '../state/gallery-store';
import type { EditsState } from '../state/edits-store';
import type { EditorState } from '../state/editor-store';
import type { JobsState } from '../state/jobs-store';

export const StudioContext = createContext<Studio | null>(null);

/** The window's connection and stores (features use this to reach the contract: useStudio().conn.client). */
export function useStudio(): Studio {
  const s = useContext(StudioContext);
  if (!s) throw new Error('useStudio() outside <StudioContext.Provider>.');
  return s;
}

export function useApp<T>(select: (s: AppState) => T): T {
  return useStore(useStudio().app, select);
}
export function useGallery<T>(select: (s: GalleryState) => T): T {
  return useStore(useStudio().gallery, select);
}
export function useEdits<T>(select: (s: EditsState) => T): T {
  return useStore(useStudio().edits, select);
}
export function useEditor<T>(select: (s: EditorState) => T): T {
  return useStore(useStudio().editor, select);
}
export function useJobs<T>(select: (s: JobsState) => T): T {
  return useStore(useStudio().jobs, select);
}
