import { paramValueProblem, type ParamSpec, type ParamValue } from '../../../shared/contract';
import type { trainingStrings } from './i18n';

type Invalid = (typeof trainingStrings)['en']['invalid'];

/** Text shown in a list field: numbers comma-separated, key=value lists one per line. */
export function listToText(p: ParamSpec, v: ParamValue | null | undefined): string {
  if (!Array.isArray(v)) return '';
  return v.join(p.widget === 'kv-list' ? '\n' : ', ');
}

/** A list field's text as its value: kv-lists by line, others by comma or space; numbers parsed (NaN kept, so
 * the field shows its error). */
export function textToList(p: ParamSpec, text: string): ParamValue | null {
  const parts = (p.widget === 'kv-list' ? text.split(/\r?\n/) : text.split(/[,\s]+/)).map((s) => s.trim()).filter(Boolean);
  if (p.type === 'string[]') return parts;
  return parts.map(Number);
}

/** The field's problem in the UI language, or null. Validity and its cause are the shared schema's; the words are
 * ours. */
export function fieldError(p: ParamSpec, v: ParamValue | null | undefined, t: Invalid, fmt: (n: number) => string): string | null {
  const problem = paramValueProblem(p, v);
  if (!problem) return null;
  const d = problem.details;
  switch (problem.code) {
    case 'min':
      return t.min(fmt(Number(d.min)));
    case 'max':
      return t.max(fmt(Number(d.max)));
    case 'length':
      return t.length(Number(d.length));
    case 'one_of':
      return t.oneOf((p.options ?? []).join(', '));
    case 'required':
      return t.required;
    case 'key_value':
      return t.keyValue;
    default:
      return t[problem.code];
  }
}
