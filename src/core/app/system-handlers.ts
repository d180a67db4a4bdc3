import type { Settings } from '../../shared/contract';
import { hfEndpointInEffect } from '../models';
import { settingsView } from '../settings';
import { packageVersion } from '../util/package-root';
import type { CoreContext, HandlerSet } from './context';

export function systemHandlers(core: CoreContext): HandlerSet<'system.info' | 'settings.get' | 'settings.update'> {
  const view = (s: Settings) => settingsView(s, hfEndpointInEffect(s));
  return {
    'system.info': () => ({ version: packageVersion(), dataDir: core.dataDir, platform: process.platform, host: core.host }),
    'settings.get': () => view(core.settings.get()),
    'settings.update': (patch) => view(core.settings.update(patch)),
  };
}
