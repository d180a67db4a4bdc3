import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The renderer: index.html at the root, built to dist/renderer with relative asset paths so both hosts
 * (the headless host's HTTP and Electron's app protocol) can load it from wherever they serve it. */
export default defineConfig({
  plugins: [react()],
  base: './',
  build: {
    outDir: 'dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
});
