/** The engines' own argument rules (asserts in their training scripts at the pinned commits), checked before launch
 * so a run fails in Atelier with a fix instead of minutes later in Python. */
import type { ParamValues } from '../../../shared/contract/training-params';
import type { PlanIssue } from './types';

const on = (v: ParamValues, k: string) => v[k] === true;
const num = (v: ParamValues, k: string) => (typeof v[k] === 'number' ? (v[k] as number) : 0);

/** musubi-tuner training/trainer_base.py: `assert not args.fp8_scaled or args.fp8_base`. */
export function fp8ScaledNeedsBase(v: ParamValues): PlanIssue[] {
  return on(v, 'fp8_scaled') && !on(v, 'fp8_base')
    ? [{ severity: 'error', code: 'fp8_scaled_needs_base', key: 'fp8_scaled', message: 'Scaled FP8 requires "FP8 base model": turn that on too, or turn Scaled FP8 off.' }]
    : [];
}

/** Both engines pick one attention kernel by a fixed priority and silently ignore the others. */
export function oneAttention(v: ParamValues): PlanIssue[] {
  const chosen = ['sdpa', 'xformers', 'flash_attn', 'sage_attn'].filter((k) => on(v, k));
  return chosen.length > 1
    ? [{ severity: 'warning', code: 'one_attention', key: chosen[1], details: { keys: chosen }, message: `Only one attention implementation is used; turn off all but one of ${chosen.join(', ')}.` }]
    : [];
}

/** The block-swap limit of the model's DiT (asserted by its enable_block_swap); `model` names the DiT ("Qwen-Image
 * DiT (60 blocks)"). */
export function maxBlocks(max: number, model: string): (v: ParamValues) => PlanIssue[] {
  return (v) =>
    num(v, 'blocks_to_swap') > max
      ? [{ severity: 'error', code: 'max_blocks', key: 'blocks_to_swap', details: { model, max }, message: `The ${model} can swap at most ${max} blocks; lower "Blocks to swap" to ${max} or less.` }]
      : [];
}

/** sd-scripts train_network.py: full_fp16 / full_bf16 need the matching mixed precision. */
export function fullPrecisionMatches(v: ParamValues): PlanIssue[] {
  const out: PlanIssue[] = [];
  for (const precision of ['fp16', 'bf16']) {
    if (on(v, `full_${precision}`) && v.mixed_precision !== precision) {
      out.push({ severity: 'error', code: 'full_precision', key: `full_${precision}`, details: { precision }, message: `Full ${precision} needs Mixed precision ${precision}.` });
    }
  }
  if (on(v, 'full_fp16') && on(v, 'full_bf16')) out.push({ severity: 'error', code: 'full_both', key: 'full_bf16', message: 'Choose Full fp16 or Full bf16, not both.' });
  return out;
}

/** sd-scripts SDXL/FLUX: cached text-encoder outputs cannot train the text encoders nor vary the caption per step. */
export function cachedTextEncoderRules(v: ParamValues): PlanIssue[] {
  if (!on(v, 'cache_text_encoder_outputs')) return [];
  const out: PlanIssue[] = [];
  if (!on(v, 'network_train_unet_only')) {
    out.push({ severity: 'error', code: 'cached_te_unet_only', key: 'network_train_unet_only', message: 'Caching text-encoder outputs needs "Train UNet/DiT only"; turn it on, or turn caching off to train the text encoders.' });
  }
  if (on(v, 'shuffle_caption')) {
    out.push({ severity: 'error', code: 'cached_te_shuffle', key: 'shuffle_caption', message: 'Tag shuffling does not work with cached text-encoder outputs; turn one of them off.' });
  }
  if (num(v, 'caption_dropout_rate') > 0) {
    out.push({ severity: 'error', code: 'cached_te_dropout', key: 'caption_dropout_rate', message: 'Caption dropout does not work with cached text-encoder outputs; set it to 0 or turn caching off.' });
  }
  return out;
}

/** sd-scripts FLUX: `blocks_to_swap is not supported with cpu_offload_checkpointing`. */
export function swapOrOffload(v: ParamValues): PlanIssue[] {
  return num(v, 'blocks_to_swap') > 0 && on(v, 'cpu_offload_checkpointing')
    ? [{ severity: 'error', code: 'swap_or_offload', key: 'cpu_offload_checkpointing', message: 'Block swap and CPU-offloaded checkpointing cannot be combined; turn one off.' }]
    : [];
}

export function combine(...rules: ((v: ParamValues) => PlanIssue[])[]): (v: ParamValues) => PlanIssue[] {
  return (v) => rules.flatMap((r) => r(v));
}
