import { ZipArchive } from './zip';

/** Archives an import has open: each central directory is read once per run, and all are closed at its end. */
export class ZipCache {
  private readonly open = new Map<string, Promise<ZipArchive>>();

  get(path: string): Promise<ZipArchive> {
    let z = this.open.get(path);
    if (!z) {
      z = ZipArchive.open(path);
      this.open.set(path, z);
    }
    return z;
  }

  async close(): Promise<void> {
    for (const z of this.open.values()) (await z.catch(() => null))?.close();
    this.open.clear();
  }
}
