import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_FOLDER_FILE, loadDataFolderChoice, relaunchArgs, saveDataFolderChoice } from '../../src/main/data-folder';
import { resolveDataDir } from '../../src/core/app/data-dir';
import { tmpDir } from '../helpers/tmp';

describe('data folder chosen in the Electron settings', () => {
  it('is remembered in the app-data folder and used unless --data or ATELIER_DATA says otherwise', () => {
    const appData = tmpDir();
    const chosen = join(tmpDir(), 'my library');
    expect(loadDataFolderChoice(appData)).toBeUndefined();
    saveDataFolderChoice(appData, chosen);
    expect(loadDataFolderChoice(appData)).toBe(chosen);
    const fallback = () => loadDataFolderChoice(appData) ?? appData;
    expect(resolveDataDir(undefined, {}, fallback)).toBe(chosen);
    expect(resolveDataDir('/elsewhere', {}, fallback)).toBe('/elsewhere');
    expect(resolveDataDir(undefined, { ATELIER_DATA: '/env' }, fallback)).toBe('/env');
  });

  it('shrugs off a corrupt or relative choice', () => {
    const appData = tmpDir();
    writeFileSync(join(appData, DATA_FOLDER_FILE), '{"dataDir": ');
    expect(loadDataFolderChoice(appData)).toBeUndefined();
    writeFileSync(join(appData, DATA_FOLDER_FILE), '{"dataDir": "relative/dir"}');
    expect(loadDataFolderChoice(appData)).toBeUndefined();
  });

  it('relaunches on the new folder, replacing a --data of this launch', () => {
    expect(relaunchArgs(['/app', '--data', '/old', '--inspect'], '/new')).toEqual(['/app', '--inspect', '--data=/new']);
    expect(relaunchArgs(['/app', '--data=/old'], '/new dir')).toEqual(['/app', '--data=/new dir']);
    expect(relaunchArgs([], '/new')).toEqual(['--data=/new']);
  });
});
