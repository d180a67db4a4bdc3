import { AppError } from '../../shared/errors';

/** A failure worth another try (a dropped connection, a stall, a busy server), carrying the error to report
 * if the tries run out. */
export class RetryableError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

const OFFLINE_ADVICE =
  'Check the internet connection and try again; the download resumes where it stopped. ' +
  'If huggingface.co is blocked where you are, set a mirror as the Hugging Face endpoint in Settings, ' +
  'or add a model folder you already have.';

/** Codes of failures to even reach the server: trying again at once will not help. */
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EADDRNOTAVAIL']);

/** Error code of a fetch/undici failure (the cause chain holds the socket error). */
export function causeCode(err: unknown): string | null {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (typeof e.code === 'string') return e.code;
  }
  return null;
}

/** Maps a thrown network failure to an AppError; connection failures are final, drops mid-transfer retryable. Pure. */
export function classifyNetworkFailure(err: unknown, host: string): AppError | RetryableError {
  const code = causeCode(err);
  if (code && CONNECT_CODES.has(code)) {
    const what =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `Could not look up ${host}: this computer looks offline, or its DNS is blocked.`
        : code === 'ECONNREFUSED'
          ? `Could not connect to ${host}: the connection was refused.`
          : `Could not reach ${host}: the network is unreachable.`;
    return new AppError('NETWORK', `${what} ${OFFLINE_ADVICE}`, { host, code });
  }
  const detail = code ?? (err instanceof Error ? err.message : String(err));
  return new RetryableError(
    new AppError('NETWORK', `The connection to ${host} broke (${detail}). ${OFFLINE_ADVICE}`, { host, code }),
  );
}

/** Maps an HTTP error status to an AppError (final) or a RetryableError. Pure. */
export function classifyHttpStatus(status: number, url: string, file: string, sentToken: boolean): AppError | RetryableError {
  const host = new URL(url).host;
  if (status === 401 || status === 403) {
    const message = sentToken
      ? `${host} refused the Hugging Face token for ${file} (${status}). Check the token in Settings, and that its account has accepted the model's terms if the model is gated.`
      : `${host} needs you to sign in to download ${file} (${status}): the model is gated or private. Accept its terms on the model page, then add a Hugging Face token (read access) in Settings.`;
    return new AppError('UNAUTHORIZED', message, { status, url });
  }
  if (status === 404) {
    return new AppError('NOT_FOUND', `${file} is not at ${url} (404): the repository, revision or file name is wrong, or the mirror does not have it.`, {
      status,
      url,
    });
  }
  const busy = status === 429 ? 'is limiting requests' : status >= 500 ? 'had an error' : `answered ${status}`;
  const error = new AppError('NETWORK', `${host} ${busy} (HTTP ${status}) while sending ${file}. Try again later; the download resumes where it stopped.`, {
    status,
    url,
  });
  return status === 429 || status >= 500 ? new RetryableError(error) : error;
}
