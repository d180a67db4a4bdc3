import { lstatSync, mkdirSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatchedLinks, type LinkFs } from '../../src/core/ingest/watch-links';
import { tmpDir } from '../helpers/tmp';

/** The real file system, counting the calls. */
function countingFs(): LinkFs & { calls: number } {
  const fs = {
    calls: 0,
    lstatSync: (p: string) => (fs.calls++, lstatSync(p)),
    realpathSync: (p: string) => (fs.calls++, realpathSync(p)),
  };
  return fs;
}

describe("the watcher's rule for linked folders", () => {
  it('keeps each verdict until the folder at that path changes, and forgets a folder that goes', () => {
    const base = tmpDir();
    const root = join(base, 'root');
    const outside = join(base, 'library');
    mkdirSync(join(root, 'a'), { recursive: true });
    mkdirSync(join(root, 'x'));
    mkdirSync(outside);
    symlinkSync(root, join(root, 'loop'));
    symlinkSync(join(root, 'a'), join(root, 'in'));
    symlinkSync(outside, join(root, 'out'));
    symlinkSync(outside, join(root, 'x', 'y'));
    const fs = countingFs();
    const links = new WatchedLinks(root, join(base, 'renditions'), fs);
    const verdicts = (names: string[]) => names.map((n) => links.notFollowed(join(root, n), statSync(join(root, n))));
    const names = ['a', 'loop', 'in', 'out', 'x', 'x/y'];
    // Followed: a real folder and a link out of the root; not: a loop, a link to a folder found anyway.
    expect(verdicts(names)).toEqual([false, true, true, false, false, false]);
    expect(fs.calls).toBeGreaterThan(0);
    // Asked again (chokidar does, at every read of their parent): no file-system call.
    fs.calls = 0;
    expect(verdicts(names)).toEqual([false, true, true, false, false, false]);
    expect(fs.calls).toBe(0);

    // A folder replaced by a link to one found anyway, and a link replaced by a folder, at the same paths.
    rmSync(join(root, 'a'), { recursive: true });
    symlinkSync(join(root, 'x'), join(root, 'a'));
    rmSync(join(root, 'out'));
    mkdirSync(join(root, 'out'));
    expect(verdicts(['a', 'out'])).toEqual([true, false]);

    // x becomes a link to a folder of the library that holds a y linked to the library too: x/y now loops
    // back. Its stats are the library's as before; the watcher's unlinkDir of x drops what was known below it.
    mkdirSync(join(outside, 'm'));
    symlinkSync(outside, join(outside, 'm', 'y'));
    rmSync(join(root, 'x'), { recursive: true });
    symlinkSync(join(outside, 'm'), join(root, 'x'));
    links.gone(join(root, 'x'));
    expect(verdicts(['x', 'x/y'])).toEqual([false, true]);
  });
});
