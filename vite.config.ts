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
    rollupOptions: {
      treeshake: {
        // The contract's zod schemas are built at module load, and building them all costs a noticeable part of
        // the start-up. The page validates no calls (the services do): a contract module none of whose exports
        // the page uses has no other effect, so it is left out instead of being built at every start.
        moduleSideEffects: (id) => !/[\\/]src[\\/]shared[\\/]contract[\\/]/.test(id),
      },
    },
  },
});
