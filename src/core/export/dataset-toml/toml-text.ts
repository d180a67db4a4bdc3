import { parse, stringify } from 'smol-toml';
import { isTable, type Table } from './schema';
import type { TomlProblem } from './types';

/** Serialises with smol-toml (quoting and escaping: Windows paths keep their backslashes), then gives the keys the
 * engines read as Python floats a decimal point, which smol-toml drops from whole numbers. */
export function writeToml(doc: Table, floatKeys: readonly string[], header: string): string {
  let text = stringify(doc);
  for (const key of floatKeys) text = text.replace(new RegExp(`^(${key} = [+-]?\\d+)$`, 'gm'), '$1.0');
  return `${header.split('\n').map((l) => `# ${l}`).join('\n')}\n\n${text}`;
}

/** Parses a dataset TOML, or says where it is malformed. */
export function readToml(text: string): { doc: Table; problems: TomlProblem[] } {
  try {
    const doc = parse(text);
    return { doc: isTable(doc) ? doc : {}, problems: [] };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    return { doc: {}, problems: [{ severity: 'error', code: 'toml_syntax', details: { error: message }, path: '', message: `The file is not valid TOML: ${message}` }] };
  }
}

/** Drops undefined values so that unset options are left to the engine's defaults. */
export function defined(entries: Record<string, unknown>): Table {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

export function resolutionValue(r: number | readonly [number, number] | undefined): number | number[] | undefined {
  return r === undefined ? undefined : typeof r === 'number' ? r : [r[0], r[1]];
}
