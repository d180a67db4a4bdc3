import type { ParamValues, StepName } from '../../../shared/contract/training-params';
import { modelParams } from './registry';
import type { ModelSpec } from './types';

/** The script arguments of one step, generated from the parameter declarations, in declaration order.
 * Unset values (null, empty text, empty lists) and false switches emit nothing, so the engine default applies. */
export function stepArgs(spec: ModelSpec, values: ParamValues, step: StepName): string[] {
  const out: string[] = [];
  for (const p of modelParams(spec)) {
    const v = values[p.key];
    for (const map of p.cli) {
      if (!map.steps.includes(step) || (map.engine && map.engine !== spec.engine)) continue;
      switch (map.kind) {
        case 'store_true':
          if (v === true) out.push(map.flag);
          break;
        case 'value':
          if (v !== null && v !== undefined && v !== '' && !Array.isArray(v)) out.push(map.flag, String(v));
          break;
        case 'multi':
        case 'key=value':
          if (Array.isArray(v) && v.length) out.push(map.flag, ...v.map(String));
          break;
      }
    }
  }
  return out;
}

/** Every flag a model can emit for a step (whatever the values): what the argparse fixture test checks. */
export function possibleFlags(spec: ModelSpec, step: StepName): { flag: string; kind: string; key: string; options?: string[] }[] {
  return modelParams(spec).flatMap((p) =>
    p.cli
      .filter((m) => m.steps.includes(step) && (!m.engine || m.engine === spec.engine))
      .map((m) => ({ flag: m.flag, kind: m.kind, key: p.key, ...(p.options && !p.allowCustom ? { options: p.options } : {}) })),
  );
}
