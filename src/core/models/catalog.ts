import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogSchema, type Catalog, type CatalogEntry } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { packageRoot } from '../util/package-root';

export const CATALOG_FILE = join('resources', 'tagger-models.json');

/** Validates a catalog document; a broken one is a packaging error, reported with every problem found. */
export function parseCatalog(raw: unknown, source: string): Catalog {
  const r = catalogSchema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('INTERNAL', `The model catalog ${source} is invalid: ${issues}`);
  }
  return r.data;
}

let cached: Catalog | null = null;

/** The bundled tagger catalog, read and validated once. */
export function loadCatalog(): Catalog {
  if (cached) return cached;
  const file = join(packageRoot(), CATALOG_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('INTERNAL', `Cannot read the model catalog ${file}: ${(err as Error).message}`);
  }
  cached = parseCatalog(raw, file);
  return cached;
}

export function catalogEntry(catalog: Catalog, id: string): CatalogEntry | undefined {
  return catalog.models.find((m) => m.id === id);
}
