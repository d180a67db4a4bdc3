import type { ParseArgsConfig } from 'node:util';
import type { Atelier } from '../core/app';
import type { Client } from '../shared/rpc';

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What a command gets: the parsed arguments, the data dir and a lazily opened core. */
export interface CliContext {
  dataDir: string;
  json: boolean;
  values: OptionValues;
  positionals: string[];
  /** Opens the core on the data dir (once); the CLI closes it when the command returns. */
  open(opts?: { startJobs?: boolean; searchIndex?: boolean }): { core: Atelier; client: Client };
  /** Aborted on the first Ctrl+C / SIGTERM: long commands wind down (jobs stay resumable). */
  signal: AbortSignal;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export interface Command {
  name: string;
  summary: string;
  /** Shown in help after `atelier`, e.g. `import PATH... --dataset NAME [--copy]`. */
  usage: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  /** Whether the command takes positional arguments (paths). */
  positionals?: boolean;
  /** Returns the process exit code (0 when omitted). */
  run(ctx: CliContext): Promise<number | void>;
}

/** A required string option, with a usage error naming it when missing. */
export function requireString(ctx: CliContext, name: string, hint: string): string {
  const v = ctx.values[name];
  if (typeof v !== 'string' || !v.trim()) throw new UsageError(`--${name} is required: ${hint}`);
  return v;
}

export function optionalString(ctx: CliContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Bad command-line use: reported with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function println(ctx: CliContext, text = ''): void {
  ctx.stdout.write(`${text}\n`);
}
