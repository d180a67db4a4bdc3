/** Reading what was dropped on the window: real paths (Electron) or files with their folder-relative paths
 * (a browser, which uploads them). */

export interface DroppedFile {
  file: File;
  /** Path inside what was dropped: "shoot/day1/a.png" for a dropped folder "shoot". */
  relPath: string;
}

/** True when a drag carries files from outside (not a tag chip or text from inside the page). */
export function carriesFiles(dt: DataTransfer | null): boolean {
  return !!dt && Array.from(dt.types).includes('Files');
}

/** Electron: the dropped items' own paths; folders are then linked in place. Empty when unavailable. */
export function droppedPaths(dt: DataTransfer, pathForFile: (f: File) => string | null): string[] {
  return Array.from(dt.files)
    .map((f) => pathForFile(f))
    .filter((p): p is string => !!p);
}

/** Browser: every file of the drop, walking dropped folders (webkitGetAsEntry). Must start synchronously in the
 * drop handler: the DataTransfer empties once the event returns. */
export function droppedFiles(dt: DataTransfer): Promise<DroppedFile[]> {
  const entries: FileSystemEntry[] = [];
  const loose: DroppedFile[] = [];
  for (const item of Array.from(dt.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) loose.push({ file: f, relPath: f.webkitRelativePath || f.name });
    }
  }
  return Promise.all(entries.map((e) => walk(e, ''))).then((lists) => [...loose, ...lists.flat()]);
}

/** Files chosen with <input type=file> (webkitdirectory keeps the folder structure). */
export function chosenFiles(list: FileList): DroppedFile[] {
  return Array.from(list).map((f) => ({ file: f, relPath: f.webkitRelativePath || f.name }));
}

/** A name for a new dataset from what was dropped: the dropped folder's name, else the first file's. */
export function suggestName(files: { relPath: string }[], paths: string[]): string {
  const first = paths[0] ?? files[0]?.relPath ?? '';
  const parts = first.split(/[\\/]/).filter(Boolean);
  const top = paths.length ? parts[parts.length - 1] : parts.length > 1 ? parts[0] : parts[0]?.replace(/\.[^.]+$/, '');
  return (top ?? '').replace(/\.zip$/i, '').trim();
}

async function walk(entry: FileSystemEntry, prefix: string): Promise<DroppedFile[]> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ file, relPath: path }];
  }
  if (!entry.isDirectory) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries answers in batches (100 in Chromium) until it returns an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    children.push(...batch);
  }
  const nested = await Promise.all(children.map((c) => walk(c, path)));
  return nested.flat();
}
