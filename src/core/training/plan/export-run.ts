import { copyFileSync, existsSync, linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { ItemSummary } from '../../../shared/contract';
import type { Db } from '../../store';
import { exportFolders } from './dataset-config';

/** Hard link when the file system allows it (instant, no space), else a copy. */
function place(src: string, dest: string): void {
  if (existsSync(dest)) return;
  try {
    linkSync(src, dest);
  } catch {
    copyFileSync(src, dest);
  }
}

export interface RunExport {
  media: number;
  controls: number;
}

/** Writes the run's dataset folder from the ready items: each training image or video with its caption as
 * `<stem>.txt`, and each control image under the stem of its target (the engines pair them by file name). */
export function exportRun(db: Db, items: ItemSummary[], exportDir: string): RunExport {
  const dirs = exportFolders(exportDir);
  mkdirSync(dirs.media, { recursive: true });
  const ready = items.filter((i) => i.status === 'ready');
  const stems = new Map<number, string>();
  const used = new Set<string>();
  let media = 0;
  for (const i of ready.filter((x) => x.role === 'target')) {
    const ext = extname(i.absPath).toLowerCase();
    let stem = basename(i.relPath, extname(i.relPath)).replace(/[^\w.-]+/g, '_') || `item_${i.id}`;
    if (used.has(stem.toLowerCase())) stem = `${stem}_${i.id}`;
    used.add(stem.toLowerCase());
    stems.set(i.id, stem);
    place(i.absPath, join(dirs.media, stem + ext));
    writeFileSync(join(dirs.media, `${stem}.txt`), i.caption ?? '');
    media++;
  }
  const controls = ready.filter((x) => x.role === 'control');
  if (!controls.length) return { media, controls: 0 };
  // Pairs are items of the dataset sharing a pair_key.
  const keyOf = new Map(
    (db.prepare(`SELECT id, pair_key FROM items WHERE id IN (${ready.map(() => '?').join(',')}) AND pair_key IS NOT NULL`).all(...ready.map((i) => i.id)) as { id: number; pair_key: string }[]).map((r) => [r.id, r.pair_key]),
  );
  const targetByKey = new Map<string, number>();
  for (const [id, stem] of stems) {
    const k = keyOf.get(id);
    if (k !== undefined && stem) targetByKey.set(k, id);
  }
  mkdirSync(dirs.control, { recursive: true });
  let placed = 0;
  for (const c of controls) {
    const target = targetByKey.get(keyOf.get(c.id) ?? '');
    if (target === undefined) continue;
    place(c.absPath, join(dirs.control, stems.get(target)! + extname(c.absPath).toLowerCase()));
    placed++;
  }
  return { media, controls: placed };
}
