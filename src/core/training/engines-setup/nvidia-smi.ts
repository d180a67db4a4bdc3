export interface GpuInfo {
  name: string;
  /** MiB, as nvidia-smi reports. */
  memoryTotalMb: number;
  memoryUsedMb: number;
  driver: string;
}

/** The query the doctor runs: one CSV line per GPU. */
export const NVIDIA_SMI_ARGS = ['--query-gpu=name,memory.total,memory.used,driver_version', '--format=csv,noheader,nounits'];

/** Parses `nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version --format=csv,noheader,nounits`. */
export function parseNvidiaSmi(stdout: string): GpuInfo[] {
  const out: GpuInfo[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const cols = line.split(',').map((s) => s.trim());
    if (cols.length < 4 || !cols[0]) continue;
    const total = Number(cols[1]);
    const used = Number(cols[2]);
    if (!Number.isFinite(total)) continue;
    out.push({ name: cols[0], memoryTotalMb: total, memoryUsedMb: Number.isFinite(used) ? used : 0, driver: cols[3] ?? '' });
  }
  return out;
}
