/** What the engines' output file names say (musubi-tuner utils/train_utils.py, sd-scripts library/train_util.py,
 * identical in both): checkpoints `{name}-{epoch:06d}`, `{name}-step{step:08d}`, `{name}` (the final one), state
 * folders `{name}-{epoch:06d}-state`, `{name}-step{step:08d}-state`, `{name}-state`, and sample images
 * `{name}_{e000001|000100}_{idx:02d}_{YYYYmmddHHMMSS}[_{seed}].png|mp4`. Pure. */

export type ArtifactKind = 'checkpoint' | 'state' | 'sample';

export interface ParsedArtifact {
  kind: ArtifactKind;
  /** Engine-relative step / epoch from the name (null when the name does not say). */
  step: number | null;
  epoch: number | null;
  /** The final checkpoint or the end-of-training state. */
  final: boolean;
  /** Samples: the prompt's index in the prompt file. */
  index?: number;
}

const CHECKPOINT_EXT = /\.(safetensors|ckpt|pt)$/;
const SAMPLE_EXT = /\.(png|jpg|jpeg|webp|mp4|webm)$/i;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A checkpoint file or state folder name in the output folder. */
export function parseOutputName(fileName: string, outputName: string, isDir: boolean): ParsedArtifact | null {
  const n = escape(outputName);
  if (isDir) {
    let m = new RegExp(`^${n}-(\\d{6})-state$`).exec(fileName);
    if (m) return { kind: 'state', step: null, epoch: Number(m[1]), final: false };
    m = new RegExp(`^${n}-step(\\d{8})-state$`).exec(fileName);
    if (m) return { kind: 'state', step: Number(m[1]), epoch: null, final: false };
    if (fileName === `${outputName}-state`) return { kind: 'state', step: null, epoch: null, final: true };
    return null;
  }
  const ext = CHECKPOINT_EXT.exec(fileName);
  if (!ext) return null;
  const base = fileName.slice(0, -ext[0].length);
  let m = new RegExp(`^${n}-(\\d{6})$`).exec(base);
  if (m) return { kind: 'checkpoint', step: null, epoch: Number(m[1]), final: false };
  m = new RegExp(`^${n}-step(\\d{8})$`).exec(base);
  if (m) return { kind: 'checkpoint', step: Number(m[1]), epoch: null, final: false };
  if (base === outputName) return { kind: 'checkpoint', step: null, epoch: null, final: true };
  return null;
}

/** A file in the sample folder. */
export function parseSampleName(fileName: string, outputName: string): ParsedArtifact | null {
  if (!SAMPLE_EXT.test(fileName)) return null;
  const m = new RegExp(`^(?:${escape(outputName)}_)?(?:e(\\d{6})|(\\d{6}))_(\\d{2})_\\d{14}(?:_\\d+)?\\.\\w+$`).exec(fileName);
  if (!m) return null;
  return {
    kind: 'sample',
    epoch: m[1] !== undefined ? Number(m[1]) : null,
    step: m[2] !== undefined ? Number(m[2]) : null,
    final: false,
    index: Number(m[3]),
  };
}

/** Reads `ss_steps` / `ss_epoch` from a safetensors header's metadata (both engines write them on save).
 * `header` is the JSON header text. */
export function checkpointCounters(header: string): { step: number | null; epoch: number | null } {
  try {
    const meta = (JSON.parse(header) as { __metadata__?: Record<string, string> }).__metadata__ ?? {};
    const num = (v: string | undefined): number | null => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);
    return { step: num(meta.ss_steps), epoch: num(meta.ss_epoch) };
  } catch {
    return { step: null, epoch: null };
  }
}
