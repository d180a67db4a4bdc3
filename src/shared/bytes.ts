/** A byte count in 1024-based units (B, KB, MB, GB, TB), for the CLI and the studio to show alike. */
export function byteUnits(n: number): { value: number; unit: string } {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let u = 0;
  while (value >= 1024 && u < units.length - 1) {
    value /= 1024;
    u++;
  }
  return { value, unit: units[u]! };
}

/** Decimals a size shows: none for bytes and from 10 up, else one ("1.5 KB", "311 MB"). */
export function byteDecimals(value: number, unit: string): number {
  return unit === 'B' || value >= 10 ? 0 : 1;
}
