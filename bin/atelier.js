#!/usr/bin/env node
// Thin launcher: the CLI is bundled to dist/cli.js by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('atelier: the CLI is not built yet. Run `npm run build` first.');
  process.exit(1);
}
await import(cli);
