import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_NAME = 'Atelier';

/** The per-user app-data folder, the same one Electron's app.getPath('userData') gives for "Atelier". */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

/** The value of `--data DIR` or `--data=DIR` in a command line (the last one wins), for hosts that take no other
 * options (the Electron app: `npm start -- --data DIR`). */
export function dataFlag(argv: readonly string[]): string | undefined {
  let value: string | undefined;
  argv.forEach((arg, i) => {
    if (arg.startsWith('--data=')) value = arg.slice('--data='.length);
    else if (arg === '--data' && i + 1 < argv.length) value = argv[i + 1];
  });
  return value || undefined;
}

/** Where the data folder is, for every host: --data DIR wins, then ATELIER_DATA (empty counts as unset), then the
 * per-user app-data folder (`appData`: the Electron app asks Electron for it, which gives the same folder). */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env, appData = () => defaultDataDir(process.platform, env)): string {
  const chosen = flag || env.ATELIER_DATA;
  return chosen ? resolve(chosen) : appData();
}
