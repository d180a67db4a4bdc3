// Builds the Node bundles once per test run: CLI tests run the built CLI as a real process,
// and the core's worker threads load their bundled scripts from dist/workers.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { stdio: 'inherit' });
}
