import { AppError } from '../../../shared/errors';
import { paramValueProblem, type ParamSpec, type ParamValue, type ParamValues } from '../../../shared/contract/training-params';
import { defaultValues, modelParams } from './registry';
import type { MemoryPresetId, ModelSpec, PlanIssue } from './types';

export interface ValueLayers {
  preset?: string | null;
  memory?: MemoryPresetId | null;
  /** Global model paths for this model (family-scoped and model-scoped), applied over the defaults. */
  paths?: ParamValues;
  /** The user's values (form or --set), applied last. */
  overrides?: ParamValues;
}

/** Every parameter's value: defaults < model paths < preset < memory preset < the user's values. */
export function resolveValues(spec: ModelSpec, layers: ValueLayers): ParamValues {
  const params = new Map(modelParams(spec).map((p) => [p.key, p]));
  const out = defaultValues(spec);
  const apply = (vals: ParamValues | undefined, what: string, userFacing: boolean) => {
    for (const [k, v] of Object.entries(vals ?? {})) {
      const p = params.get(k);
      if (!p) {
        if (userFacing) throw unknownKey(spec, k);
        continue; // a global path of another model of the family, or a preset key this model lacks
      }
      if (p.internal && userFacing) throw new AppError('INVALID_INPUT', `"${k}" is set by Atelier for every run and cannot be changed (${what}).`);
      out[k] = v;
    }
  };
  apply(layers.paths, 'model paths', false);
  if (layers.preset) apply(findPreset(spec, layers.preset).values, `preset ${layers.preset}`, false);
  if (layers.memory) apply(spec.memoryPresets[layers.memory]?.values ?? badMemory(layers.memory), `memory preset ${layers.memory}`, false);
  apply(layers.overrides, 'settings', true);
  return out;
}

export function findPreset(spec: ModelSpec, id: string) {
  const p = spec.presets.find((x) => x.id === id);
  if (!p) throw new AppError('INVALID_INPUT', `Unknown preset "${id}" for ${spec.type}. Presets: ${spec.presets.map((x) => x.id).join(', ')}.`);
  return p;
}

function badMemory(id: string): never {
  throw new AppError('INVALID_INPUT', `Unknown memory preset "${id}". Memory presets: low, medium, high.`);
}

function unknownKey(spec: ModelSpec, key: string): AppError {
  const keys = modelParams(spec).filter((p) => !p.internal).map((p) => p.key);
  const near = keys.filter((k) => k.includes(key) || key.includes(k)).slice(0, 3);
  return new AppError(
    'INVALID_INPUT',
    `${spec.type} has no setting "${key}".${near.length ? ` Did you mean ${near.join(' or ')}?` : ''} Settings: ${keys.join(', ')}.`,
  );
}

/** Type and range checks of every value (from each parameter's declaration), then the model's engine rules. */
export function checkValues(spec: ModelSpec, values: ParamValues): PlanIssue[] {
  const issues: PlanIssue[] = [];
  for (const p of modelParams(spec)) {
    if (p.internal) continue;
    const problem = paramValueProblem(p, values[p.key]);
    if (problem) issues.push({ severity: 'error', code: `value_${problem.code}`, key: p.key, details: problem.details, message: problem.message });
  }
  // The rules read values defensively, so they run even when some value is malformed; a key already reported
  // keeps its first message.
  const reported = new Set(issues.map((i) => i.key));
  return [...issues, ...(spec.check?.(values) ?? []).filter((i) => !i.key || !reported.has(i.key))];
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** Parses `--set key=value` arguments by each parameter's declared type. `key=` (empty) unsets a value.
 * Lists take a JSON array or comma/space-separated items; key=value lists (network_args) split on spaces only. */
export function parseSetArgs(spec: ModelSpec, args: string[]): ParamValues {
  const params = new Map(modelParams(spec).map((p) => [p.key, p]));
  const out: ParamValues = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new AppError('INVALID_INPUT', `--set takes key=value, got "${arg}".`);
    const key = arg.slice(0, eq).trim();
    const p = params.get(key);
    if (!p) throw unknownKey(spec, key);
    if (p.internal) throw new AppError('INVALID_INPUT', `"${key}" is set by Atelier for every run and cannot be changed.`);
    out[key] = parseValue(p, arg.slice(eq + 1));
  }
  return out;
}

export function parseValue(p: ParamSpec, raw: string): ParamValue | null {
  const text = raw.trim();
  if (text === '' || text === 'null') return null;
  const bad = (want: string) => new AppError('INVALID_INPUT', `${p.key}: expected ${want}, got "${raw}".`);
  const number = (s: string, int: boolean) => {
    const n = Number(s);
    if (!Number.isFinite(n) || (int && !Number.isInteger(n))) throw bad(int ? 'a whole number' : 'a number');
    return n;
  };
  const items = (): string[] => {
    if (text.startsWith('[')) {
      let arr: unknown;
      try {
        arr = JSON.parse(text);
      } catch {
        throw bad('a JSON array');
      }
      if (!Array.isArray(arr)) throw bad('a JSON array');
      return arr.map(String);
    }
    return p.cli.some((c) => c.kind === 'key=value') ? text.split(/\s+/) : text.split(/[\s,]+/).filter(Boolean);
  };
  switch (p.type) {
    case 'string':
      return text;
    case 'integer':
      return number(text, true);
    case 'number':
      return number(text, false);
    case 'boolean':
      if (TRUE.has(text.toLowerCase())) return true;
      if (FALSE.has(text.toLowerCase())) return false;
      throw bad('true or false');
    case 'string[]':
      return items();
    case 'number[]':
      return items().map((s) => number(s, false));
    case 'integer[]':
      return items().map((s) => number(s, true));
  }
}
