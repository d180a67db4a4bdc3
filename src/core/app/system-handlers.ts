import { settingsView } from '../settings';
import { packageVersion } from '../util/package-root';
import type { CoreContext, HandlerSet } from './context';

export function systemHandlers(core: CoreContext): HandlerSet<'system.info' | 'settings.get' | 'settings.update'> {
  return {
    'system.info': () => ({ version: packageVersion(), dataDir: core.dataDir, platform: process.platform, host: core.host }),
    'settings.get': () => settingsView(core.settings.get()),
    'settings.update': (patch) => settingsView(core.settings.update(patch)),
  };
}
