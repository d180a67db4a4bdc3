import { startWatching } from '../../core/ingest';
import { openInBrowser, startHost } from '../../host';
import { printJson, println, UsageError, type Command } from '../command';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the studio for a browser: HTTP + WebSocket on 127.0.0.1 with a per-launch access token.',
  usage: 'serve [--port N] [--open]',
  options: {
    port: { type: 'string', short: 'p' },
    open: { type: 'boolean', default: false },
  },
  async run(ctx) {
    const portText = typeof ctx.values.port === 'string' ? ctx.values.port : '0';
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number 0-65535 (got "${portText}").`);

    const { core } = ctx.open({ startJobs: true, searchIndex: true });
    // A long-lived host keeps linked folders in sync (one-shot commands do not watch).
    startWatching(core);
    const host = await startHost({ core, port });
    if (ctx.json) printJson(ctx, { url: host.url, port: host.port, dataDir: ctx.dataDir });
    else {
      println(ctx, `Atelier is serving ${ctx.dataDir}`);
      println(ctx, `Open ${host.url}`);
      println(ctx, 'Press Ctrl+C to stop (running jobs resume at the next start).');
    }
    if (ctx.values.open === true && !(await openInBrowser(host.url))) {
      ctx.stderr.write('atelier: could not open a browser; open the address above yourself.\n');
    }
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    if (!ctx.json) println(ctx, 'Stopping…');
    await host.close();
    // The CLI closes the core next: running jobs become 'interrupted' and resume at the next start.
  },
};
