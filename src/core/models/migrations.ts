import type { Migration } from '../store';

export const modelMigrations: Migration[] = [
  {
    id: 'models-001-hashes-and-local',
    sql: `
      -- sha256 of files fetched at a commit, recorded at their first download (trust on first use) and
      -- enforced on later downloads of the same commit. Kept when the model is deleted.
      CREATE TABLE model_file_hashes (
        repo TEXT NOT NULL,
        revision TEXT NOT NULL,
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (repo, revision, file)
      );
      -- Model folders the user added; their files are never moved or deleted by Atelier.
      CREATE TABLE local_models (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        path TEXT NOT NULL UNIQUE,
        added_at TEXT NOT NULL
      );
    `,
  },
];
