import { AppError } from '../../shared/errors';
import { isLoopbackUrl } from '../../shared/loopback';

/** Throws PRIVACY_BLOCKED when private mode is on and the URL leaves this machine. `purpose` names what the
 * request was for, so the message can say what the user gives up and how to get it anyway. */
export function assertUrlAllowed(url: string | URL, privateMode: boolean, purpose: string): void {
  if (!privateMode || isLoopbackUrl(url)) return;
  const host = (() => {
    try {
      return new URL(String(url)).host;
    } catch {
      return String(url);
    }
  })();
  throw new AppError(
    'PRIVACY_BLOCKED',
    `Private mode is on, so Atelier will not contact ${host} (${purpose}). ` +
      'Turn private mode off in Settings, or use a server on this computer (localhost) instead.',
    { url: String(url), host },
  );
}
