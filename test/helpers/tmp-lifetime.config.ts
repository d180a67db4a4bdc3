import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Only for tmp.test.ts: runs tmp-lifetime.fixture.ts alone (no global build step).
export default defineConfig({
  test: { root: fileURLToPath(new URL('.', import.meta.url)), include: ['tmp-lifetime.fixture.ts'], pool: 'forks' },
});
