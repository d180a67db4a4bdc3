/** Counts the graph nodes each onnxruntime provider ran, from a profile (Chrome trace JSON) of one run.
 * A kernel event is `{cat: 'Node', name: '<node>_kernel_time', args: {provider}}`. Pure. */
export function placementFromProfile(events: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  if (!Array.isArray(events)) return counts;
  for (const e of events as { cat?: unknown; name?: unknown; args?: { provider?: unknown } }[]) {
    if (e?.cat !== 'Node' || typeof e.name !== 'string' || !e.name.endsWith('_kernel_time')) continue;
    const p = e.args?.provider;
    if (typeof p === 'string') counts[p] = (counts[p] ?? 0) + 1;
  }
  return counts;
}
