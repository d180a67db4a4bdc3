import { paramSpecSchema, type CliMap, type ParamSpec, type ParamSpecInput, type StepName } from '../../../shared/contract/training-params';

/** Declares one parameter. Unless told otherwise it is optional, remembered between runs and user-facing. */
export function param(spec: Omit<ParamSpecInput, 'required' | 'persist' | 'internal' | 'cli'> & Partial<Pick<ParamSpecInput, 'required' | 'persist' | 'internal' | 'cli'>>): ParamSpec {
  return paramSpecSchema.parse({ required: false, persist: true, internal: false, cli: [], ...spec });
}

/** A parameter the planner fills in (dataset config, output folders, the network module): not in the form. */
export function internal(key: string, help: string, cli: CliMap[], type: ParamSpec['type'] = 'string'): ParamSpec {
  return param({ key, group: 'advanced', label: key, help, widget: 'text', type, default: null, persist: false, internal: true, cli });
}

/** `--flag VALUE`. */
export function value(flag: string, ...steps: StepName[]): CliMap {
  return { flag, kind: 'value', steps: steps.length ? steps : ['train'] };
}

/** A bare `--flag` when the value is true (argparse store_true). */
export function storeTrue(flag: string, ...steps: StepName[]): CliMap {
  return { flag, kind: 'store_true', steps: steps.length ? steps : ['train'] };
}

/** `--flag a b c` (argparse nargs='*' or '+'). */
export function multi(flag: string, ...steps: StepName[]): CliMap {
  return { flag, kind: 'multi', steps: steps.length ? steps : ['train'] };
}

/** `--flag k=v k2=v2` (nargs='*' lists of key=value, e.g. --network_args, --optimizer_args). */
export function keyValues(flag: string, ...steps: StepName[]): CliMap {
  return { flag, kind: 'key=value', steps: steps.length ? steps : ['train'] };
}

/** The same mapping, only for one engine. */
export function onEngine(engine: CliMap['engine'] & string, map: CliMap): CliMap {
  return { ...map, engine };
}
