import { APP_SCHEME } from '../shared/host-routes';

/** The page's own origin: the built renderer served by the atelier-app:// protocol. */
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** Whether a URL belongs to the app's own page (IPC senders, navigations). Pure. */
export function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}

/** Links the page may hand to the system browser (never file:, javascript:, custom schemes). */
export function isExternalLink(url: string): boolean {
  return /^https:\/\/[^/]/i.test(url);
}
