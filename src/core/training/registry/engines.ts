import type { EngineId } from '../../../shared/contract/training-params';

/** An engine at the commit whose argparse definitions the registry was checked against
 * (test/training/fixtures/argparse-<engine>.json, extracted from that commit). */
export interface EnginePin {
  id: EngineId;
  title: string;
  repo: string;
  gitUrl: string;
  commit: string;
  /** Supported interpreter range (pyproject / README of the pinned commit). */
  python: { min: string; maxExclusive: string };
  /** Modules whose import proves the engine's environment is usable for Atelier's runs. */
  imports: string[];
  /** Packages Atelier's runs need that the engine's own requirements leave out: installed after them. */
  extraPackages: string[];
}

/** Every run logs with `--log_with tensorboard` (the charts read its event files), and accelerate's tracker imports
 * this package. */
export const TENSORBOARD = 'tensorboard';

export const ENGINES: Record<EngineId, EnginePin> = {
  'musubi-tuner': {
    id: 'musubi-tuner',
    title: 'musubi-tuner',
    repo: 'kohya-ss/musubi-tuner',
    gitUrl: 'https://github.com/kohya-ss/musubi-tuner.git',
    commit: '30c658c4f4b0bf05038b3346eff9670259b10fc7',
    python: { min: '3.10', maxExclusive: '3.13' },
    imports: ['torch', 'accelerate', 'safetensors', 'musubi_tuner', TENSORBOARD],
    // pyproject.toml lists tensorboard only in [dependency-groups] dev, which `pip install -e .` leaves out.
    extraPackages: [TENSORBOARD],
  },
  'sd-scripts': {
    id: 'sd-scripts',
    title: 'sd-scripts',
    repo: 'kohya-ss/sd-scripts',
    gitUrl: 'https://github.com/kohya-ss/sd-scripts.git',
    commit: '48d368fa557731ad0488c07304dfeba8c07910eb',
    python: { min: '3.10', maxExclusive: '3.13' },
    imports: ['torch', 'accelerate', 'safetensors', 'library.train_util', TENSORBOARD],
    // requirements.txt has tensorboard.
    extraPackages: [],
  },
};
