import { AppError } from '../../shared/errors';

/** Pure caption transforms of the bulk edits. Unit-tested without a database. */

/** Adds text before the caption, joined by the separator; a caption that already starts with it is left alone,
 * so applying a trigger word twice does not double it. */
export function prependCaption(caption: string, text: string, separator: string): string {
  if (!caption) return text;
  if (caption === text || caption.startsWith(text + separator)) return caption;
  return text + separator + caption;
}

export function appendCaption(caption: string, text: string, separator: string): string {
  if (!caption) return text;
  if (caption === text || caption.endsWith(separator + text)) return caption;
  return caption + separator + text;
}

export interface FindReplace {
  find: string;
  replace: string;
  regex: boolean;
  caseSensitive: boolean;
}

/** Compiles a find-and-replace once for a whole batch; an invalid pattern is the user's to fix. */
export function compileReplace(spec: FindReplace): (caption: string) => string {
  const flags = spec.caseSensitive ? 'g' : 'gi';
  let re: RegExp;
  try {
    re = new RegExp(spec.regex ? spec.find : escapeRegExp(spec.find), flags);
  } catch (err) {
    throw new AppError('INVALID_INPUT', `"${spec.find}" is not a valid regular expression: ${(err as Error).message}`);
  }
  // Literal replacements must not interpret "$1" or "$&".
  const replacement = spec.regex ? spec.replace : spec.replace.replace(/\$/g, '$$$$');
  return (caption) => caption.replace(re, replacement);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
