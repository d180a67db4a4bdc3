import { AppError, errorCodes, type ErrorCode } from '../../shared/errors';
import { langStore, type Lang } from '../i18n';
import { coreErrorText, fileProblemText, type Parts } from './core-messages';
import { errorStrings } from './i18n';

export type { Parts } from './core-messages';

/** An error whose message the renderer wrote itself, in the UI language (the core's are in English). */
export class UiError extends AppError {}

export interface ReadableError {
  code: ErrorCode;
  title: string;
  /** The specific message in the UI language; user content (names, paths) in its own parts, shown untranslated.
   * Empty when it is not known in this language: `original` then still holds it. */
  message: Parts;
  /** The service's own English message when the UI shows another text (or none) in its place; '' otherwise. */
  original: string;
  /** What the person can do about it. */
  advice: string;
}

/** Turns anything thrown into a title, the specific message and advice, in the UI language; never a stack trace. */
export function describeError(err: unknown, lang: Lang = langStore.getState().lang): ReadableError {
  const t = errorStrings[lang];
  const code: ErrorCode = err instanceof AppError ? err.code : isErrorShape(err) ? err.code : 'INTERNAL';
  const raw = err instanceof Error || isErrorShape(err) ? err.message : String(err);
  // Only the first line: anything after it would be a trace or a dump, which helps nobody here.
  const first = (raw.split('\n')[0] ?? '').trim();
  const details = err instanceof AppError ? err.details : isErrorShape(err) ? err.details : undefined;
  const base = { code, title: t[code].title, advice: t[code].advice };
  if (lang === 'en' || err instanceof UiError) return { ...base, message: first ? [first] : [], original: '' };
  return { ...base, message: coreErrorText(code, details, lang) ?? [], original: first };
}

/** A file's problem (an item's error, a job's per-file error) in the UI language, by its code. */
export function describeProblem(code: string | null, message: string, lang: Lang = langStore.getState().lang): { message: Parts; original: string } {
  if (lang === 'en') return { message: [message], original: '' };
  return { message: fileProblemText(code, lang), original: message };
}

/** The same as one line of text, for a title attribute (a problem's text has no verbatim parts). */
export function problemTitle(code: string | null, message: string): string {
  return describeProblem(code, message).message.map((p) => (typeof p === 'string' ? p : p.verbatim)).join('');
}

function isErrorShape(v: unknown): v is { code: ErrorCode; message: string; details?: unknown } {
  return (
    !!v &&
    typeof v === 'object' &&
    typeof (v as { message?: unknown }).message === 'string' &&
    (errorCodes as readonly string[]).includes((v as { code?: string }).code ?? '')
  );
}
