import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { Page } from 'playwright-core';

interface WireFile {
  relPath: string;
  type: string;
  base64: string;
}

const TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.zip': 'application/zip' };

function listFiles(root: string, top: string): WireFile[] {
  const out: WireFile[] = [];
  for (const name of readdirSync(root).sort()) {
    const p = join(root, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p, top));
    else {
      const ext = name.slice(name.lastIndexOf('.')).toLowerCase();
      out.push({ relPath: relative(top, p).split('\\').join('/'), type: TYPES[ext] ?? '', base64: readFileSync(p).toString('base64') });
    }
  }
  return out;
}

/**
 * Drops a folder from disk onto the page the way Chromium delivers an OS folder drop: a 'drop' event whose
 * DataTransfer items answer webkitGetAsEntry() with a directory entry to walk. Headless Chromium cannot
 * synthesize a real OS drag, and a script-made DataTransfer has no entries, so the entries are built here with
 * the same interface (FileSystemDirectoryEntry.createReader().readEntries, FileSystemFileEntry.file).
 */
export async function dropFolder(page: Page, folder: string): Promise<number> {
  const top = basename(folder);
  const files = listFiles(folder, join(folder, '..'));
  await page.evaluate(
    ({ files, top }) => {
      type Node = { name: string; fullPath: string; isFile: boolean; isDirectory: boolean; children?: Map<string, Node>; file?: File };
      const root: Node = { name: top, fullPath: `/${top}`, isFile: false, isDirectory: true, children: new Map() };
      for (const f of files) {
        const parts = f.relPath.split('/').slice(1);
        let dir = root;
        parts.forEach((part, i) => {
          const last = i === parts.length - 1;
          let next = dir.children!.get(part);
          if (!next) {
            const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
            next = last
              ? { name: part, fullPath: `${dir.fullPath}/${part}`, isFile: true, isDirectory: false, file: new File([bytes], part, { type: f.type }) }
              : { name: part, fullPath: `${dir.fullPath}/${part}`, isFile: false, isDirectory: true, children: new Map() };
            dir.children!.set(part, next);
          }
          dir = next;
        });
      }
      const entry = (n: Node): unknown =>
        n.isFile
          ? { name: n.name, fullPath: n.fullPath, isFile: true, isDirectory: false, file: (ok: (f: File) => void) => setTimeout(() => ok(n.file!), 0) }
          : {
              name: n.name,
              fullPath: n.fullPath,
              isFile: false,
              isDirectory: true,
              createReader() {
                // Chromium hands entries out in batches, then an empty batch.
                const all = [...n.children!.values()].map(entry);
                let at = 0;
                return { readEntries: (ok: (e: unknown[]) => void) => setTimeout(() => ok(all.slice(at, (at += 100))), 0) };
              },
            };
      const dt = {
        types: ['Files'],
        files: [] as File[],
        items: [{ kind: 'file', type: '', webkitGetAsEntry: () => entry(root), getAsFile: () => null }],
        dropEffect: 'none',
        effectAllowed: 'all',
      };
      const fire = (type: string) => {
        const ev = new Event(type, { bubbles: true, cancelable: true });
        Object.defineProperty(ev, 'dataTransfer', { value: dt });
        document.body.dispatchEvent(ev);
      };
      fire('dragenter');
      fire('dragover');
      fire('drop');
    },
    { files, top },
  );
  return files.length;
}
