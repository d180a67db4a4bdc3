// Every flag the registry can emit must exist in the engine script's argparse definition at the pinned commit,
// with a matching kind and (where argparse restricts them) allowed values. The fixtures are facts extracted from
// the engines' git history by test/training/fixtures/extract-argparse.py (see its header for the command).
import { describe, expect, it } from 'vitest';
import musubi from './fixtures/argparse-musubi-tuner.json';
import sdScripts from './fixtures/argparse-sd-scripts.json';
import { ENGINES, MODELS, possibleFlags, type ModelSpec } from '../../src/core/training/registry';
import { stepNames, type StepName } from '../../src/shared/contract/training-params';

interface Fact {
  action: string;
  nargs?: string | number;
  choices?: (string | number | null)[];
}
interface Fixture {
  repo: string;
  commit: string;
  scripts: Record<string, Record<string, Fact>>;
  /** Values argparse takes as free strings but the engine validates later, keyed by parameter. */
  values?: Record<string, string[]>;
}
const FIXTURES: Record<string, Fixture> = { 'musubi-tuner': musubi as Fixture, 'sd-scripts': sdScripts as Fixture };

function scriptOf(spec: ModelSpec, step: StepName): string | undefined {
  return step === 'train' ? spec.scripts.train : step === 'cache_latents' ? spec.scripts.cacheLatents : spec.scripts.cacheTextEncoder;
}

describe('registry flags against the engines’ argparse at the pinned commits', () => {
  it('pins each engine at the commit its fixture was extracted from', () => {
    for (const [engine, fx] of Object.entries(FIXTURES)) {
      const pin = ENGINES[engine as keyof typeof ENGINES];
      expect(fx.commit).toBe(pin.commit);
      expect(fx.repo).toBe(pin.repo);
    }
  });

  it('knows the values the engines validate outside argparse', () => {
    expect(FIXTURES['musubi-tuner']!.values?.task).toContain('i2v-A14B');
    expect(FIXTURES['musubi-tuner']!.values?.model_version).toContain('edit-2511');
  });

  for (const spec of MODELS) {
    it(`${spec.type}: every flag exists in its script with the right kind`, () => {
      const fx = FIXTURES[spec.engine]!;
      let checked = 0;
      for (const step of stepNames) {
        const script = scriptOf(spec, step);
        const flags = possibleFlags(spec, step);
        if (!script) {
          // sd-scripts caches inside training: no flag may target a step the model does not run.
          expect(flags.filter((f) => !f.flag.startsWith('--dataset_config')), `${spec.type} has no ${step} script`).toEqual([]);
          continue;
        }
        const known = fx.scripts[script];
        expect(known, `fixture lacks ${script}`).toBeDefined();
        for (const f of flags) {
          const fact = known![f.flag];
          expect(fact, `${spec.type} ${step}: ${f.flag} (from "${f.key}") is not accepted by ${script}`).toBeDefined();
          if (f.kind === 'store_true') expect(fact!.action, `${f.flag} is not a switch`).toBe('store_true');
          else if (f.kind === 'value') {
            expect(fact!.action, `${f.flag} takes no value`).toBe('store');
            expect(fact!.nargs, `${f.flag} takes a list`).toBeUndefined();
          } else expect(['*', '+'], `${f.flag} is not a list`).toContain(fact!.nargs);
          const allowed = fact!.choices?.filter((c) => c !== null).map(String) ?? fx.values?.[f.key];
          if (f.options && allowed) {
            for (const o of f.options) expect(allowed, `${f.flag} does not accept "${o}"`).toContain(o);
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(30);
    });
  }
});
