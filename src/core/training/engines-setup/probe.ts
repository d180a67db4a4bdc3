/** One Python run that reports what the doctor needs: interpreter version, which modules import, torch and CUDA. */

export const PROBE_MARK = 'ATELIER_PROBE ';

/** Modules to import are the script's arguments; the JSON line is marked so engine banners cannot confuse it. */
export const PROBE_SCRIPT = `
import importlib, json, platform, sys
out = {"python": platform.python_version(), "executable": sys.executable, "imports": {}, "torch": None}
for m in sys.argv[1:]:
    try:
        importlib.import_module(m)
        out["imports"][m] = None
    except BaseException as e:
        out["imports"][m] = type(e).__name__ + ": " + str(e)
try:
    import torch
    cuda = bool(torch.cuda.is_available())
    devices = []
    if cuda:
        for i in range(torch.cuda.device_count()):
            devices.append({"name": torch.cuda.get_device_name(i), "memory": int(torch.cuda.get_device_properties(i).total_memory)})
    out["torch"] = {"version": str(torch.__version__), "cuda": cuda, "cudaVersion": getattr(torch.version, "cuda", None), "devices": devices}
except BaseException as e:
    out["torchError"] = type(e).__name__ + ": " + str(e)
print("${PROBE_MARK}" + json.dumps(out), flush=True)
`;

export interface ProbeResult {
  python: string;
  executable: string;
  /** module -> null when it imported, else the exception as "Type: message". */
  imports: Record<string, string | null>;
  torch: { version: string; cuda: boolean; cudaVersion: string | null; devices: { name: string; memory: number }[] } | null;
  torchError?: string;
}

/** Finds the probe's JSON line in the process output. */
export function parseProbe(stdout: string): ProbeResult | null {
  const line = stdout.split(/\r?\n/).find((l) => l.startsWith(PROBE_MARK));
  if (!line) return null;
  try {
    return JSON.parse(line.slice(PROBE_MARK.length)) as ProbeResult;
  } catch {
    return null;
  }
}

/** "3.11.7" within [min, maxExclusive) compared as (major, minor). */
export function pythonInRange(version: string, min: string, maxExclusive: string): boolean {
  const mm = (v: string) => v.split('.').slice(0, 2).map(Number) as [number, number];
  const [a, b] = mm(version);
  const [lo1, lo2] = mm(min);
  const [hi1, hi2] = mm(maxExclusive);
  const v = a * 1000 + b;
  return v >= lo1 * 1000 + lo2 && v < hi1 * 1000 + hi2;
}
