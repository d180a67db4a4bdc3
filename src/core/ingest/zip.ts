import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** A zip archive read with yauzl: its central directory is listed once, then entries are streamed out one at a
 * time on demand. Entry names are decoded and checked here, so one hostile name (zip-slip: `../x`, `/etc/x`,
 * `C:\x`) is reported and skipped instead of aborting the whole archive as yauzl would. */

export interface ZipMember {
  /** '/'-separated path inside the archive, checked safe to join under a folder. */
  name: string;
  size: number;
}

export interface ZipProblem {
  name: string;
  code: 'ZIP_SLIP' | 'ZIP_LINK' | 'ZIP_ENCRYPTED' | 'ZIP_UNSUPPORTED';
  message: string;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Why an entry name cannot be extracted safely, or null. Pure. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\0')) return 'its name contains a NUL character';
  const problem = yauzl.validateFileName(name);
  if (problem) return problem;
  if (name.split('/').some((part) => /^[a-zA-Z]:/.test(part))) return `drive letter in path: ${name}`;
  return null;
}

function member(entry: Entry): ZipMember | ZipProblem | null {
  const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
  if (name.endsWith('/')) return null; // a folder
  const unsafe = unsafeEntryName(name);
  if (unsafe) return { name, code: 'ZIP_SLIP', message: `Unsafe path in the archive (${unsafe}); skipped so nothing is written outside the library.` };
  if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
    return { name, code: 'ZIP_LINK', message: 'Links inside archives are not followed; skipped.' };
  }
  if (entry.isEncrypted()) return { name, code: 'ZIP_ENCRYPTED', message: 'This entry is password-protected; extract the archive yourself and import the folder.' };
  if (!entry.canDecodeFileData()) {
    return { name, code: 'ZIP_UNSUPPORTED', message: `This entry uses a compression method (${entry.compressionMethod}) that cannot be read; re-zip it with deflate.` };
  }
  return { name, size: entry.uncompressedSize };
}

export class ZipArchive {
  private constructor(
    private readonly zip: ZipFile,
    private readonly entries: Map<string, Entry>,
    readonly members: ZipMember[],
    readonly problems: ZipProblem[],
  ) {}

  /** Reads the central directory. Throws when the file is not a readable zip. */
  static async open(path: string): Promise<ZipArchive> {
    const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false });
    const entries = new Map<string, Entry>();
    const members: ZipMember[] = [];
    const problems: ZipProblem[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('error', reject);
        zip.on('end', () => resolve());
        zip.on('entry', (entry: Entry) => {
          const m = member(entry);
          if (m && 'code' in m) problems.push(m);
          else if (m && !entries.has(m.name)) {
            entries.set(m.name, entry);
            members.push(m);
          }
          zip.readEntry();
        });
        zip.readEntry();
      });
    } catch (err) {
      zip.close();
      throw err;
    }
    return new ZipArchive(zip, entries, members, problems);
  }

  private entry(name: string): Entry {
    const e = this.entries.get(name);
    if (!e) throw Object.assign(new Error(`"${name}" is not in the archive.`), { code: 'ENOENT' });
    return e;
  }

  /** Streams one entry to `dest`, written beside it and renamed (the destination is the entry's alone, so a resumed
   * extraction overwrites what a killed one left). yauzl checks the inflated size. */
  async extract(name: string, dest: string): Promise<void> {
    const stream = await this.zip.openReadStreamPromise(this.entry(name));
    await mkdir(dirname(dest), { recursive: true });
    const tmp = `${dest}.part`;
    try {
      await pipeline(stream, createWriteStream(tmp));
      await rename(tmp, dest);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /** A small text entry (a caption sidecar); longer ones are cut at maxBytes. */
  async readText(name: string, maxBytes = 1 << 20): Promise<string> {
    const stream = await this.zip.openReadStreamPromise(this.entry(name));
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= maxBytes) {
        stream.destroy();
        break;
      }
    }
    return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
  }

  close(): void {
    this.zip.close();
  }
}
