import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { isInside } from '../media';
import { linkedFolder } from './walk';

/** The file-system calls a verdict needs (tests count them). */
export interface LinkFs {
  lstatSync(path: string): { isSymbolicLink(): boolean };
  realpathSync(path: string): string;
}

/**
 * For one watched root: whether a folder the watcher meets is a link to a folder the import's walk would not
 * enter (a loop, or a folder found anyway; linkedFolder). Chokidar asks again for every folder each time their
 * parent is read, so verdicts are kept per path, stamped with the folder's stats (device, inode, change time: a
 * folder put in place of another, or of a link, has other ones), and the real paths of the folders on the way
 * are kept too. A folder that appears or goes is forgotten (forget), with what lies below it when it goes.
 */
export class WatchedLinks {
  private readonly verdicts = new Map<string, { stamp: string; skip: boolean }>();
  private readonly real = new Map<string, string>();

  constructor(
    private readonly root: string,
    private readonly renditionsDir: string,
    private readonly fs: LinkFs = { lstatSync, realpathSync },
  ) {}

  /** `st`: the folder's stats as chokidar read them (of the target, for a link it follows). */
  notFollowed(dir: string, st: Stats): boolean {
    const stamp = `${st.dev}:${st.ino}:${st.ctimeMs}`;
    const known = this.verdicts.get(dir);
    if (known?.stamp === stamp) return known.skip;
    const skip = this.check(dir);
    this.verdicts.set(dir, { stamp, skip });
    return skip;
  }

  /** A folder appeared at `p` (addDir): what was known of that path goes. */
  appeared(p: string): void {
    this.verdicts.delete(p);
    this.real.delete(p);
  }

  /** A folder went from `p` (unlinkDir): what was known of it and below it goes. */
  gone(p: string): void {
    const below = p + sep;
    for (const m of [this.verdicts, this.real]) for (const k of m.keys()) if (k === p || k.startsWith(below)) m.delete(k);
  }

  private check(dir: string): boolean {
    try {
      if (!this.fs.lstatSync(dir).isSymbolicLink()) return false;
      const target = this.fs.realpathSync(dir);
      if (isInside(target, this.renditionsDir)) return true;
      // The real paths of the folders on the way, from the root to the link's own folder.
      const chain = [this.realpath(this.root)];
      let at = this.root;
      for (const part of relative(this.root, dirname(dir)).split(sep).filter(Boolean)) chain.push(this.realpath((at = join(at, part))));
      return linkedFolder(target, chain) !== 'follow';
    } catch {
      return true; // gone or unreadable meanwhile
    }
  }

  private realpath(p: string): string {
    let r = this.real.get(p);
    if (r === undefined) this.real.set(p, (r = this.fs.realpathSync(p)));
    return r;
  }
}
