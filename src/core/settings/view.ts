import type { Settings, SettingsView } from '../../shared/contract';

/** The settings as clients see them: the Hugging Face token never leaves the core, only a hint that one is
 * saved (its last four characters when it is long enough that they give nothing away); with the endpoint that
 * downloads use (models' hfEndpointInEffect). Pure. */
export function settingsView(s: Settings, hfEndpointInEffect: string): SettingsView {
  const { hfToken, ...rest } = s;
  return { ...rest, hfTokenHint: hfToken ? (hfToken.length >= 12 ? `…${hfToken.slice(-4)}` : '…') : null, hfEndpointInEffect };
}
