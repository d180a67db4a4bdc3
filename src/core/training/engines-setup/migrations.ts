import type { Migration } from '../../store';

export const engineSetupMigrations: Migration[] = [
  {
    id: 'training-001-settings',
    sql: `
-- Training settings as JSON values: 'engine:<id>' (install folder, python), 'paths:family:<family>' and
-- 'paths:model:<type>' (global model files), 'last:<type>' (a model's last used persisted values).
CREATE TABLE training_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
  },
];
