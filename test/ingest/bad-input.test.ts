import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, REPO, tmpDir } from '../helpers/tmp';
import { allItems, importAndWait, jobErrors, makePicture, makePngBomb, openCore } from './helpers';

/** A folder of everything that goes wrong in real collections, made here. */
async function badFolder(root: string): Promise<void> {
  const jpg = readFileSync(join(FIXTURES, 'faces/vladfaceapi_sample1.jpg'));
  const png = readFileSync(join(FIXTURES, 'anime/renpy_lucy_mad.png'));
  mkdirSync(root, { recursive: true });
  await makePicture(join(root, 'good.jpg'), 640, 480);
  writeFileSync(join(root, 'empty.jpg'), '');
  writeFileSync(join(root, 'truncated.jpg'), jpg.subarray(0, jpg.length >> 1));
  writeFileSync(join(root, 'truncated.png'), png.subarray(0, png.length >> 1));
  const badJpg = Buffer.from(jpg);
  for (let i = Math.floor(jpg.length * 0.3); i < jpg.length * 0.6; i += 7) badJpg[i] = (badJpg[i]! * 13 + 7) & 0xff;
  writeFileSync(join(root, 'corrupt.jpg'), badJpg);
  const badPng = Buffer.from(png);
  for (let i = 4000; i < 60000; i += 97) badPng[i] = badPng[i]! ^ 0x5a;
  writeFileSync(join(root, 'corrupt.png'), badPng);
  writeFileSync(join(root, 'notes.jpg'), 'this is a text file wearing a .jpg name');
  writeFileSync(join(root, 'readme.pdf'), '%PDF-1.4 not a picture');
  makePngBomb(join(root, 'bomb.png'), 20000, 10000);
  const odd = join(root, 'ünïcödé 画像', 'sub  dir');
  mkdirSync(odd, { recursive: true });
  await makePicture(join(odd, 'photo with  spaces ✓ 🎨.jpg'), 320, 240, { seed: 9 });
  writeFileSync(join(odd, 'photo with  spaces ✓ 🎨.txt'), 'unicode caption ✓');
  symlinkSync('self-loop', join(root, 'self-loop'));
  symlinkSync('..', join(root, 'ünïcödé 画像', 'back-up'));
  symlinkSync('nowhere.jpg', join(root, 'dangling.jpg'));
  copyFileSync(join(FIXTURES, 'faces/mpl_grace_hopper.jpg'), join(root, 'ünïcödé 画像', 'linked-target.jpg'));
  symlinkSync(join(root, 'ünïcödé 画像', 'linked-target.jpg'), join(root, 'link to picture.jpg'));
  execFileSync('mkfifo', [join(root, 'pipe.jpg')]);
  mkdirSync(join(root, '.hidden'));
  await makePicture(join(root, '.hidden', 'secret.jpg'), 100, 100);
}

describe('bad input', () => {
  it('never stops the import: each bad file becomes an error item or a report line, the rest are imported', async () => {
    const root = join(tmpDir(), 'bad input');
    await badFolder(root);
    const app = openCore(tmpDir());
    try {
      const ds = app.datasets.create('bad', 'image');
      const job = await importAndWait(app, { datasetId: ds.id, paths: [root] });
      expect(job.status).toBe('done');

      const items = allItems(app, ds.id);
      const by = Object.fromEntries(items.map((i) => [i.relPath, i]));
      expect(Object.keys(by).sort()).toEqual([
        'bomb.png', 'corrupt.jpg', 'corrupt.png', 'empty.jpg', 'good.jpg', 'link to picture.jpg', 'notes.jpg', 'truncated.jpg', 'truncated.png',
        'ünïcödé 画像/sub  dir/photo with  spaces ✓ 🎨.jpg',
      ].sort());
      const codes = Object.fromEntries(items.map((i) => [i.relPath, i.status === 'ready' ? 'ready' : i.errorCode]));
      expect(codes).toMatchObject({
        'good.jpg': 'ready',
        'empty.jpg': 'EMPTY',
        'truncated.jpg': 'TRUNCATED',
        'truncated.png': 'TRUNCATED',
        'corrupt.jpg': 'CORRUPT',
        'corrupt.png': 'CORRUPT',
        'notes.jpg': 'NOT_A_PICTURE',
        'bomb.png': 'TOO_LARGE',
        'ünïcödé 画像/sub  dir/photo with  spaces ✓ 🎨.jpg': 'ready',
        'link to picture.jpg': 'ready',
      });
      expect(by['bomb.png']).toMatchObject({ width: 20000, height: 10000, status: 'error' });
      expect(by['bomb.png']!.error).toMatch(/200 MP.*decompression bombs/);
      expect(by['empty.jpg']).toMatchObject({ byteSize: 0, error: expect.stringContaining('empty') });
      for (const i of items.filter((x) => x.status === 'error')) expect(i.error!.length).toBeGreaterThan(20);
      expect(by['ünïcödé 画像/sub  dir/photo with  spaces ✓ 🎨.jpg']!.caption).toBe('unicode caption ✓');

      const errors = jobErrors(app, job.id).map((e) => [e.path.slice(root.length + 1), e.code]);
      expect(errors).toEqual(
        expect.arrayContaining([
          ['readme.pdf', 'NOT_A_PICTURE'],
          ['self-loop', 'SYMLINK_LOOP'],
          ['ünïcödé 画像/back-up', 'SYMLINK_LOOP'],
          ['dangling.jpg', 'BROKEN_LINK'],
          ['pipe.jpg', 'NOT_A_FILE'],
          // the link came first (files before sub-folders), so its target is the duplicate
          ['ünïcödé 画像/linked-target.jpg', 'DUPLICATE'],
        ]),
      );
      expect(errors).toHaveLength(6);
      expect(JSON.stringify(items)).not.toContain('secret.jpg'); // hidden folders stay out
    } finally {
      await app.close();
    }
  });

  it('an unreadable picture becomes an UNREADABLE item (CLI run as an unprivileged user when tests run as root)', async () => {
    const base = tmpDir();
    chmodSync(base, 0o755);
    const folder = join(base, 'pics');
    await makePicture(join(folder, 'ok.jpg'), 200, 100);
    await makePicture(join(folder, 'locked.jpg'), 200, 100, { seed: 5 });
    chmodSync(join(folder, 'locked.jpg'), 0o000);
    const data = join(base, 'data');
    mkdirSync(data, { mode: 0o777 });
    chmodSync(data, 0o777);
    const asRoot = process.getuid?.() === 0;
    const cli = [join(REPO, 'bin/atelier.js'), '--data', data, 'import', folder, '--dataset', 'perm', '--json'];
    const cmd = asRoot ? 'setpriv' : process.execPath;
    const args = asRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...cli] : cli;
    execFileSync(cmd, args, { cwd: base, stdio: 'pipe' });

    const app = openCore(data, { startJobs: false });
    try {
      const [ds] = app.datasets.list();
      const items = allItems(app, ds!.id);
      expect(items.map((i) => [i.relPath, i.status, i.errorCode])).toEqual([
        ['locked.jpg', 'error', 'UNREADABLE'],
        ['ok.jpg', 'ready', null],
      ]);
      expect(items[0]!.error).toMatch(/Permission denied/);
    } finally {
      await app.close();
    }
  });
});
