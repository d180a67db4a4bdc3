import { z } from 'zod';

/** Every failure that crosses the contract is one of these codes: the UI maps them to readable advice. */
export const errorCodes = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'IO',
  'UNSUPPORTED',
  'CANCELLED',
  'PRIVACY_BLOCKED',
  'NETWORK',
  'ENGINE',
  'UNAUTHORIZED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const appErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.unknown().optional(),
});
export type AppErrorShape = z.infer<typeof appErrorSchema>;

/** A typed error: thrown by services, serialised as {code, message, details}, rebuilt on the client. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toJSON(): AppErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Turns anything thrown into the wire shape; unknown errors keep their message but never their stack. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err && typeof err === 'object' && 'name' in err && (err as Error).name === 'AbortError') {
    return new AppError('CANCELLED', 'The operation was cancelled.');
  }
  const message = err instanceof Error ? err.message : String(err);
  return new AppError('INTERNAL', message || 'Unexpected error.');
}

export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}
