// The `atelier` command (bundled to dist/cli.js, started by bin/atelier.js).
import { runCli } from './run';

const ac = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    // First signal: wind down cleanly (jobs stay resumable). Second: leave now.
    if (ac.signal.aborted) process.exit(130);
    ac.abort();
  });
}

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: ac.signal });
process.exitCode = code;
// Lingering handles (a watcher, a worker) must not keep a finished command alive.
setTimeout(() => process.exit(code), 2000).unref();
