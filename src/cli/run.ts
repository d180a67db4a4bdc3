import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createAtelier, resolveDataDir, type Atelier } from '../core/app';
import { packageVersion } from '../core/util/package-root';
import { acquireInstanceLock, type InstanceLock } from '../host';
import { isAppError } from '../shared/errors';
import type { Client } from '../shared/rpc';
import { UsageError, type CliContext, type Command } from './command';
import { commands } from './commands';
import { table } from './format';

const globalOptions = {
  data: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} satisfies NonNullable<ParseArgsConfig['options']>;

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** Aborted on the first Ctrl+C / SIGTERM. */
  signal: AbortSignal;
}

function mainHelp(): string {
  return [
    'Atelier: turn a pile of pictures into a trained LoRA, privately.',
    '',
    'Usage: atelier [--data DIR] COMMAND ... [--json]',
    '',
    table(commands.map((c) => [`  ${c.name}`, c.summary])),
    '',
    'Options for every command:',
    '  --data DIR   the data folder (default: $ATELIER_DATA, else the app-data folder the desktop app uses)',
    '  --json       machine-readable output on stdout',
    '  -h, --help   help; `atelier COMMAND --help` for a command',
  ].join('\n');
}

function commandHelp(c: Command): string {
  const opts = Object.entries(c.options ?? {}).map(([name, o]) => `--${name}${o.short ? ` (-${o.short})` : ''}`);
  return [`Usage: atelier [--data DIR] ${c.usage} [--json]`, '', c.summary, ...(opts.length ? ['', `Options: ${opts.join(', ')}`] : [])].join('\n');
}

/** Runs one CLI invocation; returns the exit code. Never throws: failures become a message and a non-zero code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let command: Command | undefined;
  // Set from inside ctx.open(), released in `finally`.
  const held: { opened?: { core: Atelier; client: Client }; lock?: InstanceLock } = {};
  let json = argv.includes('--json');
  try {
    // First pass: find the command (the first positional) without knowing its options.
    const first = parseArgs({ args: argv, options: globalOptions, strict: false, allowPositionals: true });
    const name = first.positionals[0];
    if (first.values.version) {
      io.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    if (!name) {
      (first.values.help ? io.stdout : io.stderr).write(`${mainHelp()}\n`);
      return first.values.help ? 0 : 2;
    }
    command = commands.find((c) => c.name === name);
    if (!command) throw new UsageError(`Unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}.`);

    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...globalOptions, ...command.options },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    positionals.splice(positionals.indexOf(name), 1);
    if (positionals.length && !command.positionals) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
    json = values.json === true;
    const dataDir = resolveDataDir(typeof values.data === 'string' ? values.data : undefined, io.env);

    const ctx: CliContext = {
      dataDir,
      json,
      values,
      positionals,
      signal: io.signal,
      stdout: io.stdout,
      stderr: io.stderr,
      open(opts) {
        if (!held.opened) {
          const startJobs = opts?.startJobs ?? false;
          // Running jobs needs the data folder to itself; reading it does not.
          if (startJobs) held.lock = acquireInstanceLock(dataDir, `\`atelier ${name}\``);
          const core = createAtelier({ dataDir, host: 'headless', startJobs, searchIndex: opts?.searchIndex === true });
          held.opened = { core, client: core.connect() };
        }
        return held.opened;
      },
    };
    return (await command.run(ctx)) ?? 0;
  } catch (err) {
    return reportError(err, io, json, command);
  } finally {
    await held.opened?.core.close();
    held.lock?.release();
  }
}

function reportError(err: unknown, io: CliIo, json: boolean, command: Command | undefined): number {
  const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  const message = err instanceof Error ? err.message : String(err);
  if (json) {
    const code = isAppError(err) ? err.code : usage ? 'INVALID_INPUT' : 'INTERNAL';
    io.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
  }
  if (usage) {
    io.stderr.write(`atelier: ${message}\n${command ? `Usage: atelier [--data DIR] ${command.usage} [--json]\n` : ''}`);
    return 2;
  }
  if (isAppError(err)) io.stderr.write(`atelier: ${message}\n`);
  else io.stderr.write(`atelier: unexpected error: ${message}\n${io.env.ATELIER_DEBUG && err instanceof Error ? `${err.stack}\n` : ''}`);
  return 1;
}
