import { paramValueSchemaFor, type ParamSpec, type ParamValue } from '../../../shared/contract';
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

/** The field's problem in the UI language, or null. Validity is the shared schema's; the words are ours. */
export function fieldError(p: ParamSpec, v: ParamValue | null | undefined, t: Invalid, fmt: (n: number) => string): string | null {
  const r = paramValueSchemaFor(p).safeParse(v ?? null);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    switch (issue.code) {
      case 'too_small':
        return Array.isArray(v) && p.length !== undefined && v.length !== p.length ? t.length(p.length) : t.min(fmt(p.min ?? 0));
      case 'too_big':
        return Array.isArray(v) && p.length !== undefined && v.length !== p.length ? t.length(p.length) : t.max(fmt(p.max ?? 0));
      case 'invalid_value':
        return t.oneOf((p.options ?? []).join(', '));
      case 'custom':
        return t.required;
      default:
        return p.type === 'integer' || p.type === 'integer[]' ? t.integer : t.number;
    }
  }
  if (p.widget === 'kv-list' && Array.isArray(v) && v.some((x) => !/^[^=\s]+=\S/.test(String(x)))) return t.keyValue;
  return null;
}
