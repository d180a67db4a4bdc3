import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';

/** The data folder chosen in Settings, remembered in the per-user app-data folder (which always exists, so the
 * choice is found before any data folder is opened). --data DIR and ATELIER_DATA still win over it. */
export const DATA_FOLDER_FILE = 'data-folder.json';
const choiceSchema = z.object({ dataDir: z.string().refine(isAbsolute) });

export function loadDataFolderChoice(appDataDir: string): string | undefined {
  try {
    const parsed = choiceSchema.safeParse(JSON.parse(readFileSync(join(appDataDir, DATA_FOLDER_FILE), 'utf8')));
    return parsed.success ? parsed.data.dataDir : undefined;
  } catch {
    return undefined;
  }
}

export function saveDataFolderChoice(appDataDir: string, dataDir: string): void {
  mkdirSync(appDataDir, { recursive: true });
  const file = join(appDataDir, DATA_FOLDER_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify({ dataDir: resolve(dataDir) }));
  renameSync(`${file}.tmp`, file);
}

/** The command line for the relaunch on a new data folder: any --data of this launch is replaced, so the new
 * folder is used even when this one was given on the command line. Pure. */
export function relaunchArgs(args: readonly string[], dataDir: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--data') i++;
    else if (!args[i]!.startsWith('--data=')) out.push(args[i]!);
  }
  return [...out, `--data=${dataDir}`];
}
