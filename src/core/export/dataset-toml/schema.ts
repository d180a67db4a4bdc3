import type { TomlTableKind, TomlValueKind } from '../../../shared/contract/training-issues';
import type { TomlProblem } from './types';

/** The value kinds of the engines' voluptuous schemas. `float` is Python's float: an integer literal is refused,
 * which is why the writers print these with a decimal point. */
export type ValueKind = TomlValueKind;

export type KeySchema = Record<string, ValueKind>;

export type Table = Record<string, unknown>;

export function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function kindOk(kind: ValueKind, v: unknown): boolean {
  switch (kind) {
    case 'int':
      return isInt(v);
    case 'float':
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'bool':
      return typeof v === 'boolean';
    case 'str':
      return typeof v === 'string';
    case 'resolution':
      return (isInt(v) && v > 0) || (Array.isArray(v) && v.length === 2 && v.every((x) => isInt(x) && x > 0));
    case 'int_list':
      return Array.isArray(v) && v.every(isInt);
    case 'float_pair':
      return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number');
  }
}

const KIND_TEXT: Record<ValueKind, string> = {
  int: 'a whole number',
  float: 'a decimal number (write 1.0, not 1)',
  number: 'a number',
  bool: 'true or false',
  str: 'a quoted string',
  resolution: 'a positive whole number or [width, height]',
  int_list: 'a list of whole numbers',
  float_pair: 'a pair of numbers [a, b]',
};

const TABLE_TEXT: Record<TomlTableKind, string> = {
  general: '[general]',
  musubi_general: '[general] (dataset-specific keys such as directories go in [[datasets]])',
  image_dataset: 'an image dataset',
  video_dataset: 'a video dataset',
  dataset: 'a [[datasets]] table',
  subset: 'a [[datasets.subsets]] table',
};

/** Checks a table's keys and value kinds against a schema (voluptuous refuses unknown keys, so do we). */
export function checkTable(table: Table, schema: KeySchema, path: string, where: TomlTableKind, problems: TomlProblem[], ignore: string[] = []): void {
  for (const [key, value] of Object.entries(table)) {
    if (ignore.includes(key)) continue;
    const kind = schema[key];
    const at = path ? `${path}.${key}` : key;
    if (!kind) {
      problems.push({ severity: 'error', code: 'toml_unknown_key', details: { key, table: where }, path: at, message: `"${key}" is not a key the engine accepts in ${TABLE_TEXT[where]}; remove it or check its spelling.` });
    } else if (!kindOk(kind, value)) {
      problems.push({ severity: 'error', code: 'toml_value_kind', details: { key, kind }, path: at, message: `"${key}" must be ${KIND_TEXT[kind]}.` });
    }
  }
}

/** Float keys written as integer literals (`source_fps = 30`): the parsed value cannot tell, the text can. */
export function intLiteralFloatKeys(text: string, floatKeys: readonly string[]): string[] {
  const found: string[] = [];
  for (const key of floatKeys) {
    if (new RegExp(`^\\s*${key}\\s*=\\s*[+-]?\\d+\\s*(#.*)?$`, 'm').test(text)) found.push(key);
  }
  return found;
}

/** A path for comparing directories: the engines compare strings, but `a/`, `a` and `a\` are the same folder. */
export function samePathKey(p: string): string {
  return p.replace(/\\/g, '/').replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

/** Both engines' files hold [general] and [[datasets]] only. */
export function topLevel(doc: Table, problems: TomlProblem[]): void {
  for (const key of Object.keys(doc)) {
    if (key !== 'general' && key !== 'datasets') {
      problems.push({ severity: 'error', code: 'toml_top_level', details: { key }, path: key, message: `"${key}" is not allowed at the top level: the file holds [general] and [[datasets]] only.` });
    }
  }
}

/** A folder the file names is not on disk (checked at a launch pre-flight). */
export function missingFolder(dir: string, path: string, problems: TomlProblem[]): void {
  problems.push({ severity: 'error', code: 'toml_folder_missing', details: { dir }, path, message: `The folder ${dir} does not exist; export the dataset again or fix the path.` });
}
