import { settingsPatchSchema, settingsSchema, type Settings, type SettingsPatch } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Db } from '../store';

type Key = keyof Settings;

/** App settings as one validated object, one row per setting; a stored value that is corrupt or no longer valid
 * falls back to its default alone. */
export class SettingsStore {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored = new Map(rows.map((r) => [r.key, r.value]));
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(settingsSchema.shape)) {
      const parsed = schema.safeParse(parseJson(stored.get(key)));
      out[key] = parsed.success ? parsed.data : schema.parse(undefined);
    }
    return out as Settings;
  }

  /** Saves the settings the patch names (validated; others keep their values) and returns them all. */
  update(patch: SettingsPatch): Settings {
    const parsed = settingsPatchSchema.safeParse(patch);
    if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues.map((i) => i.message).join(' '), { issues: parsed.error.issues });
    const valid = parsed.data;
    const put = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(valid) as [Key, unknown][]) if (v !== undefined) put.run(k, JSON.stringify(v));
    })();
    return this.get();
  }
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // a corrupt value: its default is used
  }
}
