/** GPU sets as CUDA_VISIBLE_DEVICES writes them: "0", "0,1", " 1, 0", device UUIDs ("GPU-…"), "" for none. Two runs
 * share hardware when their sets share a device ("" counts as one: runs without a GPU share the CPU). Pure. */

export function gpuDevices(list: string): Set<string> {
  const devices = list.split(',').map((d) => d.trim()).filter(Boolean);
  return new Set(devices.length ? devices : ['']);
}

export function gpusOverlap(a: string, b: string): boolean {
  const left = gpuDevices(a);
  return [...gpuDevices(b)].some((d) => left.has(d));
}
