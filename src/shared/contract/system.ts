import { z } from 'zod';
import { method } from './define';

export const settingsSchema = z.object({
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  language: z.enum(['en', 'zh-CN']).default('en'),
  /** Only loopback endpoints may be contacted when on. */
  privateMode: z.boolean().default(false),
  hfToken: z.string().default(''),
  hfEndpoint: z.string().default('https://huggingface.co'),
});
export type Settings = z.infer<typeof settingsSchema>;

export const systemInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  platform: z.string(),
  host: z.enum(['electron', 'headless', 'memory']),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

export const systemMethods = {
  'system.info': method(z.object({}).default({}), systemInfoSchema),
  'settings.get': method(z.object({}).default({}), settingsSchema),
  'settings.update': method(settingsSchema.partial(), settingsSchema),
};
