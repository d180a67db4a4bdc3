import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Atelier';

/** The per-user app-data folder, the same one Electron's app.getPath('userData') gives for "Atelier". */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

/** --data DIR wins, then ATELIER_DATA, then the default. */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.ATELIER_DATA ?? defaultDataDir(process.platform, env);
}
