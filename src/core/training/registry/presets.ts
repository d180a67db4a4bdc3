import type { ParamValues } from '../../../shared/contract/training-params';
import type { MemoryPresetId, Preset } from './types';

/** Training recipes shared by every model: the model's documented defaults, a short trial, a longer run. */
export const TRAINING_PRESETS: Preset[] = [
  { id: 'standard', label: 'Standard', help: "The engine documentation's recommended settings for this model.", values: {} },
  {
    id: 'quick',
    label: 'Quick trial',
    help: 'A few epochs at a small rank, to check the data and settings before a long run.',
    values: { max_train_epochs: 4, save_every_n_epochs: 1, network_dim: 8, max_train_steps: null },
  },
  {
    id: 'thorough',
    label: 'Thorough',
    help: 'More epochs and a higher rank for detailed subjects; keeps fewer intermediate checkpoints.',
    values: { max_train_epochs: 32, network_dim: 32, save_every_n_epochs: 4, max_train_steps: null },
  },
];

/** Memory presets by VRAM class; each model fills in what its engine documents for those sizes. */
export function memoryPresets(low: ParamValues, medium: ParamValues, high: ParamValues, vram: [string, string, string]): Record<MemoryPresetId, Preset> {
  return {
    low: { id: 'low', label: `Low VRAM (${vram[0]})`, help: 'Smallest memory footprint: fp8 weights and block swapping; slower.', values: low },
    medium: { id: 'medium', label: `Medium VRAM (${vram[1]})`, help: 'fp8 weights, little or no swapping.', values: medium },
    high: { id: 'high', label: `High VRAM (${vram[2]})`, help: 'Full-precision weights, fastest.', values: high },
  };
}
