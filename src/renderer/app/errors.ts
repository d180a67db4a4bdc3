import { AppError, errorCodes, type ErrorCode } from '../../shared/errors';
import { stringsNow } from '../i18n';
import { errorStrings } from './i18n';

export interface ReadableError {
  code: ErrorCode;
  title: string;
  /** The service's own explanation (specific: which file, which value). */
  message: string;
  /** What the person can do about it. */
  advice: string;
}

/** Turns anything thrown into a title, the specific message and advice; never a stack trace. */
export function describeError(err: unknown): ReadableError {
  const t = stringsNow(errorStrings);
  const code: ErrorCode =
    err instanceof AppError ? err.code : isErrorShape(err) ? err.code : 'INTERNAL';
  const raw = err instanceof Error || isErrorShape(err) ? err.message : String(err);
  // Only the first line: anything after it would be a trace or a dump, which helps nobody here.
  const message = (raw.split('\n')[0] ?? '').trim();
  return { code, title: t[code].title, message, advice: t[code].advice };
}

function isErrorShape(v: unknown): v is { code: ErrorCode; message: string } {
  return (
    !!v &&
    typeof v === 'object' &&
    typeof (v as { message?: unknown }).message === 'string' &&
    (errorCodes as readonly string[]).includes((v as { code?: string }).code ?? '')
  );
}
