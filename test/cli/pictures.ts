import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/tmp';

/** `n` distinct, decodable JPEGs in a few subfolders: a fixture's bytes plus a unique trailer after the
 * end-of-image marker (so each has its own sha256). Enough of them keep an import busy for a while. */
export function uniqueJpegs(dir: string, n: number): string[] {
  const base = readFileSync(join(FIXTURES, 'faces', 'mpl_grace_hopper.jpg'));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const sub = join(dir, `part${i % 4}`);
    mkdirSync(sub, { recursive: true });
    const p = join(sub, `pic ${String(i).padStart(3, '0')}.jpg`);
    writeFileSync(p, Buffer.concat([base, Buffer.from(`unique-${i}`)]));
    out.push(p);
  }
  return out;
}
