import type { Connection } from '../transport/types';
import { createAppStore, type AppStore } from './app-store';
import { createEditorStore, type EditorStore } from './editor-store';
import { createEditsStore, type EditsStore } from './edits-store';
import { createGalleryStore, type GalleryStore } from './gallery-store';
import { createJobsStore, type JobsStore } from './jobs-store';

/** Everything the window holds for one connection: created once, handed to React through context. */
export interface Studio {
  conn: Connection;
  app: AppStore;
  gallery: GalleryStore;
  edits: EditsStore;
  editor: EditorStore;
  jobs: JobsStore;
  init(): Promise<void>;
  dispose(): void;
}

/** Builds the stores and wires them: the open dataset drives the gallery and the undo history; the gallery's
 * current item drives the item panel. Background failures go to onError (the UI shows them). */
export function createStudio(conn: Connection, onError: (err: unknown) => void): Studio {
  const app = createAppStore(conn, onError);
  const gallery = createGalleryStore(conn, onError);
  const edits = createEditsStore(conn, onError);
  const editor = createEditorStore(conn, edits, onError);
  const jobs = createJobsStore(conn);

  const offs = [
    app.subscribe((s, prev) => {
      if (s.datasetId !== prev.datasetId) {
        gallery.getState().setDataset(s.datasetId);
        edits.getState().setDataset(s.datasetId);
      }
    }),
    gallery.subscribe((s, prev) => {
      if (s.currentId !== prev.currentId) editor.getState().open(s.currentId).catch(onError);
    }),
  ];

  return {
    conn,
    app,
    gallery,
    edits,
    editor,
    jobs,
    async init() {
      await Promise.all([app.getState().init(), jobs.getState().init()]);
      const id = app.getState().datasetId;
      gallery.getState().setDataset(id);
      edits.getState().setDataset(id);
      // The window appears with its first page of items: rendering it earlier only competes with the service
      // for the CPU while that page is being read, and shows an empty grid meanwhile.
      // (Not for long, though: a slow answer must not keep the window from appearing.)
      await Promise.race([gallery.getState().settled(), new Promise((resolve) => setTimeout(resolve, 1500))]);
    },
    dispose() {
      offs.forEach((off) => off());
      for (const s of [app, gallery, edits, editor, jobs]) s.getState().dispose();
    },
  };
}
