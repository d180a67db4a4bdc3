import { z } from 'zod';
import { method } from './define';

export const DEFAULT_HF_ENDPOINT = 'https://huggingface.co';

/** An http(s) address with a host: what a Hugging Face endpoint (or mirror) must be. The settings dialog checks
 * what is typed with this same rule. */
export function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text.trim());
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

// Each setting's rule, without defaults: a patch must never fill in the settings it leaves out.
const fields = {
  theme: z.enum(['system', 'light', 'dark']),
  language: z.enum(['en', 'zh-CN']),
  /** Only loopback endpoints may be contacted when on. */
  privateMode: z.boolean(),
  /** '' when none is saved (downloads then use HF_TOKEN from the environment, if any). */
  hfToken: z.string().trim().max(1000),
  hfEndpoint: z
    .string()
    .trim()
    .refine(isHttpUrl, 'The Hugging Face endpoint must be an http:// or https:// address, such as https://huggingface.co or a mirror.'),
};

/** The settings as the core stores and uses them. The token is in clear here: it never leaves the core. */
export const settingsSchema = z.object({
  theme: fields.theme.default('system'),
  language: fields.language.default('en'),
  privateMode: fields.privateMode.default(false),
  hfToken: fields.hfToken.default(''),
  hfEndpoint: fields.hfEndpoint.default(DEFAULT_HF_ENDPOINT),
});
export type Settings = z.infer<typeof settingsSchema>;

/** What clients see: the token only as a hint that one is saved. */
export const settingsViewSchema = settingsSchema.omit({ hfToken: true }).extend({
  /** Null when no token is saved; otherwise its last characters ("…Ab12"), or "…" for a short one. */
  hfTokenHint: z.string().nullable(),
  /** The endpoint downloads use: the saved one, or the core's HF_ENDPOINT environment variable while the
   * setting is left at its default. */
  hfEndpointInEffect: z.string(),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

/** A change: only the settings named. An hfToken of '' removes the saved token. */
export const settingsPatchSchema = z.object(fields).partial();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const systemInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  platform: z.string(),
  host: z.enum(['electron', 'headless', 'memory']),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

export const systemMethods = {
  'system.info': method(z.object({}).default({}), systemInfoSchema),
  'settings.get': method(z.object({}).default({}), settingsViewSchema),
  'settings.update': method(settingsPatchSchema, settingsViewSchema),
};
