import { fileURLToPath } from 'node:url';

/** The repository root (helpers are also used outside vitest, by bench/gallery.ts). */
export const REPO = fileURLToPath(new URL('../../..', import.meta.url));
