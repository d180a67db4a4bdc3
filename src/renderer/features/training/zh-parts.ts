import type { CauseDetails } from '../../../shared/contract';
import type { Parts } from '../../app/errors';
import { PARAM_ZH } from './param-i18n';

/*
 * Helpers for saying the core's coded messages (run errors, pre-flight issues, doctor checks) in Chinese: the
 * names and numbers of their details are kept as they are, and the studio's places are named as the Chinese UI
 * names them.
 */

export const v = (verbatim: unknown): { verbatim: string } => ({ verbatim: String(verbatim) });
export const str = (x: unknown): string => (typeof x === 'string' ? x : '');
export const list = (x: unknown): string[] => (Array.isArray(x) ? x.filter((i): i is string => typeof i === 'string') : []);
export type Details = CauseDetails;

/** The Training page's places (registry/places.ts WHERE), as the Chinese UI names them. */
export const ENGINES_ZH = '训练 → 引擎与模型 → 引擎';
export const MODEL_FILES_ZH = '训练 → 引擎与模型 → 模型文件';

/** A parameter's Chinese label, quoted as a setting the sentence names. */
export const setting = (key: string): string => `“${PARAM_ZH[key]?.[0] ?? key}”`;

/** Items of a list, each kept as it is, joined the Chinese way. */
export function joined(items: string[], sep = '、'): Parts {
  return items.flatMap((x, i): Parts => (i ? [sep, v(x)] : [v(x)]));
}
