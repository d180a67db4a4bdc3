import { DEFAULT_HF_ENDPOINT, type Settings } from '../../shared/contract';
import { AppError } from '../../shared/errors';

/** A full commit id: files fetched at one are immutable, so their hashes can be pinned or recorded. */
export function isCommit(revision: string | null | undefined): revision is string {
  return !!revision && /^[0-9a-f]{40}$/.test(revision);
}

/** The endpoint as a base URL without a trailing slash; throws for anything but http(s). */
export function normaliseEndpoint(endpoint: string): string {
  let u: URL;
  try {
    u = new URL(endpoint.trim());
  } catch {
    throw new AppError('INVALID_INPUT', `The Hugging Face endpoint "${endpoint}" is not a URL. Use https://huggingface.co or a mirror's address.`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new AppError('INVALID_INPUT', `The Hugging Face endpoint "${endpoint}" must start with http:// or https://.`);
  }
  return u.href.replace(/\/+$/, '');
}

/** `<endpoint>/<repo>/resolve/<revision>/<file>`, the download URL huggingface.co and its mirrors serve. */
export function hfFileUrl(endpoint: string, repo: string, revision: string, file: string): string {
  const path = [...repo.split('/'), 'resolve', revision, ...file.split('/')].map(encodeURIComponent).join('/');
  return `${normaliseEndpoint(endpoint)}/${path}`;
}

/** The endpoint to use, as written: Atelier's setting, or else the HF_ENDPOINT environment variable that
 * huggingface_hub users already have (a setting left at its default counts as unset). Pure. */
export function hfEndpointInEffect(settings: Pick<Settings, 'hfEndpoint'>, env: NodeJS.ProcessEnv = process.env): string {
  return settings.hfEndpoint.trim() && settings.hfEndpoint !== DEFAULT_HF_ENDPOINT ? settings.hfEndpoint : env.HF_ENDPOINT?.trim() || DEFAULT_HF_ENDPOINT;
}

/** The endpoint (hfEndpointInEffect) and token to use: the saved token, or else HF_TOKEN. Pure. */
export function hfAccess(settings: Pick<Settings, 'hfEndpoint' | 'hfToken'>, env: NodeJS.ProcessEnv = process.env): { endpoint: string; token: string | undefined } {
  const token = settings.hfToken.trim() || env.HF_TOKEN?.trim() || undefined;
  return { endpoint: normaliseEndpoint(hfEndpointInEffect(settings, env)), token };
}
