import { constants } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KohyaExportResult } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { CoreContext } from '../app/context';
import type { JobKind } from '../jobs';
import { readExportItems } from './export-items';
import { kohyaLayout, type KohyaLayout } from './kohya-layout';
import { planKohyaExport, type PlannedImage } from './kohya-plan';
import { kohyaTomls } from './kohya-tomls';
import { commitStaged, EXPORT_MARKER, removeStaging, replaceProblem, type Move } from './stage';

/** The job kind, named after the call that starts it (the jobs panel and the e2e test know it by this name). */
export const EXPORT_JOB = 'export.kohya';

export interface KohyaExportParams {
  datasetId: number;
  /** Absolute. */
  outDir: string;
  repeats: number;
  /** Checked concept name. */
  name: string;
}

/** The folders an export would replace that it must not (they exist and no export wrote them). */
export function exportConflicts(layout: KohyaLayout): string[] {
  return [layout.imageDir, layout.controlDir].flatMap((d) => {
    const p = d ? replaceProblem(d) : null;
    return p ? [p] : [];
  });
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'The export was cancelled; nothing was written.');
}

/**
 * The kohya export: copies of the ready pictures (originals are only read; copy-on-write clones where the file
 * system has them) with their caption files, control pictures beside, and the two dataset TOMLs, all built in a
 * hidden staging folder inside the output folder and renamed into place at the end. A failure, a cancel or a
 * crash leaves the output folder as it was. A resumed export starts over (it is only copies).
 */
export function kohyaExportJob(core: CoreContext): JobKind<KohyaExportParams, { skipsReported: boolean }> {
  return {
    kind: EXPORT_JOB,
    unit: 'pictures',
    lane: 'export',
    async run(ctx): Promise<KohyaExportResult> {
      const p = ctx.params;
      const dataset = core.datasets.get(p.datasetId);
      const plan = planKohyaExport(readExportItems(core.db, p.datasetId), { conceptName: p.name, controlPairs: dataset.kind === 'control-pair' });
      const layout = kohyaLayout(p.outDir, p.repeats, p.name, dataset.kind === 'control-pair', ctx.id);
      const conflicts = exportConflicts(layout);
      if (conflicts.length) throw new AppError('CONFLICT', conflicts.join(' '));
      // Reported once: a resumed export (after a restart) starts over but must not list its skips twice.
      if (!ctx.state?.skipsReported) {
        for (const s of plan.skipped) ctx.fileError(s.path, s.code, s.message);
        ctx.saveState({ skipsReported: true });
      }
      if (plan.images.length === 0) {
        throw new AppError('INVALID_INPUT', `"${dataset.name}" has no ready pictures to export${plan.skipped.length ? `; ${plan.skipped.length} were skipped (see the job's file errors)` : ''}.`);
      }

      const staged = { image: join(layout.staging, 'image'), control: join(layout.staging, 'control') };
      await removeStaging(layout.staging);
      try {
        try {
          await mkdir(staged.image, { recursive: true });
          if (layout.controlDir) await mkdir(staged.control, { recursive: true });
        } catch (err) {
          throw new AppError('IO', `Cannot write into ${layout.outDir} (${err instanceof Error ? err.message : String(err)}); choose a folder you can write to.`);
        }
        let exported = 0;
        let failed = 0;
        for (const [k, image] of plan.images.entries()) {
          if (ctx.signal.aborted) throw cancelled();
          try {
            await writeImage(image, staged.image, staged.control);
            exported++;
          } catch (err) {
            failed++;
            ctx.fileError(image.src, 'IO', `Not exported: ${err instanceof Error ? err.message : String(err)}`);
          }
          ctx.progress(k + 1, plan.images.length);
        }
        if (exported === 0) throw new AppError('IO', 'No picture could be copied; see the job\'s file errors.');
        if (ctx.signal.aborted) throw cancelled();

        const marker = JSON.stringify({ datasetId: dataset.id, dataset: dataset.name, jobId: ctx.id, exportedAt: new Date().toISOString() }, null, 2);
        await writeFile(join(staged.image, EXPORT_MARKER), marker);
        if (layout.controlDir) await writeFile(join(staged.control, EXPORT_MARKER), marker);
        const tomls = kohyaTomls(layout, dataset.kind, p.repeats, p.name);
        const stagedSd = join(layout.staging, 'sdscripts.toml');
        const stagedMusubi = join(layout.staging, 'musubi.toml');
        await writeFile(stagedSd, tomls.sdScripts);
        await writeFile(stagedMusubi, tomls.musubi);

        // Checked again: a folder may have appeared while the copies were made.
        const late = exportConflicts(layout);
        if (late.length) throw new AppError('CONFLICT', late.join(' '));
        const moves: Move[] = [
          { from: staged.image, to: layout.imageDir },
          ...(layout.controlDir ? [{ from: staged.control, to: layout.controlDir }] : []),
          { from: stagedSd, to: layout.sdScriptsToml },
          { from: stagedMusubi, to: layout.musubiToml },
        ];
        await commitStaged(moves, join(layout.staging, 'replaced'));
        return {
          outDir: layout.outDir,
          imageDir: layout.imageDir,
          imageCount: exported,
          skipped: plan.skipped.length + failed,
          sdScriptsToml: layout.sdScriptsToml,
          musubiToml: layout.musubiToml,
        };
      } finally {
        await removeStaging(layout.staging);
      }
    },
  };
}

/** One picture, its caption file and its control pictures; on failure none of them stays. */
async function writeImage(image: PlannedImage, imageDir: string, controlDir: string): Promise<void> {
  const written: string[] = [];
  try {
    for (const c of image.controls) {
      const dest = join(controlDir, c.name);
      written.push(dest);
      await copyFile(c.src, dest, constants.COPYFILE_FICLONE);
    }
    const dest = join(imageDir, image.name);
    written.push(dest);
    await copyFile(image.src, dest, constants.COPYFILE_FICLONE);
    const captionPath = join(imageDir, image.captionName);
    written.push(captionPath);
    await writeFile(captionPath, image.caption);
  } catch (err) {
    await Promise.all(written.map((f) => rm(f, { force: true })));
    throw err;
  }
}
