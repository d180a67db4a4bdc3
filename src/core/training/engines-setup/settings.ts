import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EngineId, ParamValues } from '../../../shared/contract/training-params';
import type { Db } from '../../store';
import { FAMILIES, type FamilyId, getModel, modelParams, type ModelSpec } from '../registry';

export interface EngineSettings {
  /** The engine's folder (a git checkout). */
  path: string | null;
  /** Its Python; null: the venv inside the folder (venv/ or .venv/). */
  python: string | null;
}

export interface ModelPaths {
  families: Partial<Record<FamilyId, Record<string, string>>>;
  models: Record<string, Record<string, string>>;
}

/** The Python of a venv folder, per platform. */
export function venvPython(venvDir: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? join(venvDir, 'Scripts', 'python.exe') : join(venvDir, 'bin', 'python');
}

/** The `accelerate` launcher next to a venv's Python (training is started with `accelerate launch`, as the
 * engines document). */
export function accelerateFor(python: string, platform: NodeJS.Platform = process.platform): string {
  return join(dirname(python), platform === 'win32' ? 'accelerate.exe' : 'accelerate');
}

/** The interpreter an engine runs with: the configured one, else the first venv found in its folder. */
export function enginePython(s: EngineSettings): string | null {
  if (s.python) return s.python;
  if (!s.path) return null;
  for (const dir of ['venv', '.venv']) {
    const p = venvPython(join(s.path, dir));
    if (existsSync(p)) return p;
  }
  return null;
}

/** Engine installs, global model paths and each model's last used values, in the training_settings table. */
export class TrainingSettings {
  constructor(private readonly db: Db) {}

  private read<T>(key: string, fallback: T): T {
    const raw = this.db.prepare('SELECT value FROM training_settings WHERE key = ?').pluck().get(key) as string | undefined;
    if (raw === undefined) return fallback;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return fallback;
    }
  }

  private write(key: string, value: unknown): void {
    this.db
      .prepare('INSERT INTO training_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value));
  }

  engine(id: EngineId): EngineSettings {
    return { path: null, python: null, ...this.read<Partial<EngineSettings>>(`engine:${id}`, {}) };
  }

  setEngine(id: EngineId, patch: Partial<EngineSettings>): EngineSettings {
    const next = { ...this.engine(id), ...patch };
    this.write(`engine:${id}`, next);
    return next;
  }

  modelPaths(): ModelPaths {
    const families: ModelPaths['families'] = {};
    for (const f of Object.keys(FAMILIES) as FamilyId[]) families[f] = this.read<Record<string, string>>(`paths:family:${f}`, {});
    const models: ModelPaths['models'] = {};
    const rows = this.db.prepare("SELECT key, value FROM training_settings WHERE key LIKE 'paths:model:%'").all() as { key: string; value: string }[];
    for (const r of rows) models[r.key.slice('paths:model:'.length)] = JSON.parse(r.value) as Record<string, string>;
    return { families, models };
  }

  /** Merges path changes; an empty string clears a path. Family keys and model keys are checked by the caller. */
  setModelPaths(patch: ModelPaths): ModelPaths {
    const merge = (key: string, vals: Record<string, string>) => {
      const next: Record<string, string> = { ...this.read<Record<string, string>>(key, {}), ...vals };
      for (const [k, v] of Object.entries(next)) if (!v) delete next[k];
      this.write(key, next);
    };
    this.db.transaction(() => {
      for (const [f, vals] of Object.entries(patch.families)) merge(`paths:family:${f}`, vals ?? {});
      for (const [m, vals] of Object.entries(patch.models)) merge(`paths:model:${m}`, vals);
    })();
    return this.modelPaths();
  }

  /** The global paths that apply to one model: its family's shared files and its own. */
  pathsFor(spec: ModelSpec): ParamValues {
    const all = this.modelPaths();
    const family = all.families[spec.family as FamilyId] ?? {};
    const own = all.models[spec.type] ?? {};
    const out: ParamValues = {};
    for (const p of modelParams(spec)) {
      if (!p.path) continue;
      const v = p.path.scope === 'family' ? family[p.key] : own[p.key];
      if (v) out[p.key] = v;
    }
    return out;
  }

  /** The persisted values of the model's current parameters (a setting dropped by a newer registry is ignored). */
  lastValues(type: string): ParamValues {
    const stored = this.read<ParamValues>(`last:${type}`, {});
    const keep = new Set(modelParams(getModel(type)).filter((p) => p.persist && !p.internal && !p.path).map((p) => p.key));
    return Object.fromEntries(Object.entries(stored).filter(([k]) => keep.has(k)));
  }

  /** Remembers the persisted parameters of a run's values (paths live in the model paths instead). */
  rememberValues(type: string, values: ParamValues): void {
    const keep: ParamValues = {};
    for (const p of modelParams(getModel(type))) if (p.persist && !p.internal && !p.path && p.key in values) keep[p.key] = values[p.key] ?? null;
    this.write(`last:${type}`, keep);
  }
}
