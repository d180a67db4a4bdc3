import type { RunError, RunErrorCause, RunErrorDetails, RunErrorKind } from '../../../shared/contract';
import { WHERE } from '../registry';

/** Names the cause of a failed engine run from the end of its console output, with a concrete fix. Pure. */

export type ClassifiedError = RunError;

export interface ExitInfo {
  code: number | null;
  signal: string | null;
}

/** pip package names for modules whose import name differs (the engines' optional dependencies). */
const PIP_NAMES: Record<string, string> = {
  cv2: 'opencv-python',
  PIL: 'pillow',
  yaml: 'pyyaml',
  sklearn: 'scikit-learn',
  lycoris: 'lycoris-lora',
  prodigyopt: 'prodigyopt',
  google: 'protobuf',
  tensorboard: 'tensorboard',
  sageattention: 'sageattention',
  flash_attn: 'flash-attn',
};

interface Rule {
  kind: RunErrorKind;
  re: RegExp;
  build(m: RegExpExecArray, line: string): Omit<ClassifiedError, 'kind' | 'message'> & { cause: RunErrorCause; details?: RunErrorDetails };
}

const MODEL_EXT = /\.(safetensors|ckpt|pt|pth|bin|gguf|sft)$/i;

const CHECK = `press Check there (the doctor; \`atelier train doctor ENGINE\` on the command line)`;

const RULES: Rule[] = [
  {
    kind: 'cuda_oom',
    re: /OutOfMemoryError|CUDA out of memory|CUDA error: out of memory|HIP out of memory|MPS backend out of memory/,
    build: (_m, line) => {
      const alloc = /Tried to allocate ([\d.]+ [KMGT]?i?B)/.exec(line)?.[1];
      return {
        cause: 'cuda_oom',
        details: { alloc: alloc ?? null },
        title: 'The GPU ran out of memory',
        fix:
          `${alloc ? `It needed ${alloc} more. ` : ''}Choose a lower memory preset (more blocks to swap, an fp8 base model), ` +
          'turn on gradient checkpointing, or lower the resolution or batch size; close other programs using the GPU.',
      };
    },
  },
  {
    kind: 'ram_oom',
    // accelerate reports a child killed by the kernel's OOM killer as "died with <Signals.SIGKILL: 9>"
    re: /DefaultCPUAllocator: (?:can't allocate|not enough) memory|std::bad_alloc|^MemoryError\b|Unable to allocate [\d.]+ [KMGT]?i?B|^Killed$|died with <Signals\.SIGKILL: 9>/,
    build: () => ({
      cause: 'ram_oom',
      title: 'The computer ran out of memory (RAM)',
      fix:
        'Swapped blocks and cached models live in RAM: lower blocks to swap, close other programs, ' +
        'or enlarge the page file / swap. Models with two DiTs (Wan 2.2) need about 96 GB of RAM.',
    }),
  },
  {
    kind: 'missing_module',
    re: /ModuleNotFoundError: No module named '([^']+)'/,
    build: (m) => {
      const mod = m[1]!.split('.')[0]!;
      const pkg = PIP_NAMES[mod] ?? mod.replace(/_/g, '-');
      return {
        cause: 'module_missing',
        details: { module: mod, package: pkg },
        title: `The Python package "${mod}" is not installed in the engine's environment`,
        fix: `Install it into the engine's venv: "<engine python> -m pip install ${pkg}", or install the engine again (Install… in ${WHERE.engines}); then ${CHECK}.`,
      };
    },
  },
  {
    kind: 'missing_module',
    re: /ImportError: cannot import name '([^']+)' from '([^']+)'/,
    build: (m) => ({
      cause: 'module_mismatch',
      details: { package: m[2]!.split('.')[0]! },
      title: `The installed "${m[2]!.split('.')[0]}" does not match the engine's version`,
      fix: `The engine environment has a different package version than the engine expects: install the engine again (Install… in ${WHERE.engines}, the pinned commit) to restore its requirements.`,
    }),
  },
  {
    kind: 'encoding',
    re: /(UnicodeEncodeError|UnicodeDecodeError): '([\w-]+)' codec/,
    build: (m) =>
      m[1] === 'UnicodeEncodeError'
        ? {
            cause: 'encode',
            details: { codec: m[2]! },
            title: `Text could not be written in the ${m[2]} encoding`,
            fix: 'The engine printed text its console encoding cannot hold. Atelier sets PYTHONUTF8=1 and PYTHONIOENCODING=utf-8; if you launch it yourself, set them too (Windows consoles default to cp1252).',
          }
        : {
            cause: 'decode',
            details: { codec: m[2]! },
            title: `A text file is not valid ${m[2]}`,
            fix: 'A caption, prompt or dataset TOML file has another encoding: re-save it as UTF-8 (Atelier writes UTF-8; check files added by hand).',
          },
  },
  {
    kind: 'missing_file',
    re: /(?:FileNotFoundError|OSError): \[Errno 2\] No such file or directory: '([^']+)'|(?:does not exist|not found)[:\s]+'?([^'\s]+\.(?:safetensors|ckpt|pt|pth|bin|gguf|sft))'?/,
    build: (m) => {
      const path = m[1] ?? m[2]!;
      const details = { path };
      if (/[\\/]cache[\\/]|_te\.safetensors$/.test(path)) {
        return { cause: 'cache_missing', details, title: `Cache file not found: ${path}`, fix: 'The latent or text-encoder cache is missing or stale: run the caching steps again (delete the cache folder to rebuild it).' };
      }
      return MODEL_EXT.test(path)
        ? { cause: 'model_missing', details, title: `Model file not found: ${path}`, fix: `Set the right path for this model in ${WHERE.modelFiles}, or download the file to ${path}.` }
        : { cause: 'file_missing', details, title: `File not found: ${path}`, fix: `Check that ${path} exists; if it is a dataset or cache folder, export the dataset again before training.` };
    },
  },
  {
    kind: 'nan_loss',
    re: /avr_loss=nan\b|\bloss\b[^\n]*\bnan\b|NaN detected|Loss is NaN/i,
    build: () => ({
      cause: 'nan_loss',
      title: 'The loss became NaN',
      fix: 'Training diverged: lower the learning rate (halve it), use bf16 rather than fp16 mixed precision, keep max_grad_norm at 1.0, and check the dataset for broken images.',
    }),
  },
  {
    kind: 'dataset_config',
    re: /(?:extra keys not allowed|required key not provided|expected \w+) @ data\[|Invalid user config/,
    build: (_m, line) => ({
      cause: 'dataset_config',
      details: { excerpt: line.trim().slice(0, 160) },
      title: 'The engine rejected the dataset configuration',
      fix: `The dataset TOML does not match this engine's schema (${line.trim().slice(0, 160)}): regenerate it from Atelier, or fix the key by hand.`,
    }),
  },
  {
    kind: 'bad_arguments',
    re: /error: (?:unrecognized arguments|argument --[\w-]+: (?:invalid|expected)|the following arguments are required)/,
    build: () => ({
      cause: 'bad_arguments',
      title: 'The engine does not accept the command line',
      fix: `The installed engine is a different version than Atelier expects: install the pinned commit (Install… in ${WHERE.engines}), or remove the flag it rejects.`,
    }),
  },
];

/** The error of a run Atelier stopped because its loss became NaN, saying what is left to resume from: the states
 * saved from the first NaN step on hold diverged weights and are skipped. */
export function nanLossError(line: string, at: { nanStep: number | null; resumeStep: number | null }): ClassifiedError {
  const base = RULES.find((r) => r.kind === 'nan_loss')!.build(/nan/.exec('nan')!, line);
  const from = at.nanStep !== null ? `step ${at.nanStep}` : 'the first NaN';
  const left =
    at.resumeStep !== null
      ? ` States saved from ${from} on hold the diverged weights and are skipped: Resume continues from step ${at.resumeStep}, with the same settings, so it may diverge again; a new run with these changes is the surer way.`
      : ` No state saved before ${from} is left, so this run cannot be resumed: start a new run with these changes.`;
  return {
    kind: 'nan_loss',
    cause: 'nan_stopped',
    details: { nanStep: at.nanStep, resumeStep: at.resumeStep },
    message: line,
    title: at.nanStep !== null ? `${base.title} at step ${at.nanStep}` : base.title,
    fix: base.fix + left,
  };
}

const EXCEPTION_LINE = /^([A-Za-z_][\w.]*(?:Error|Exception|Interrupt)): (.+)$/;

/** Classifies the tail of a run's output. Returns null when nothing went wrong (exit 0 and no error line) or the
 * user stopped the run. The error printed last wins: later lines are closer to the cause of death. */
export function classifyFailure(tail: readonly string[], exit: ExitInfo | null, stopRequested = false): ClassifiedError | null {
  if (stopRequested) return null;
  let best: { idx: number; rule: Rule; m: RegExpExecArray; line: string } | null = null;
  tail.forEach((raw, idx) => {
    const line = raw.trim();
    for (const rule of RULES) {
      const m = rule.re.exec(line);
      if (m && (!best || idx > best.idx)) best = { idx, rule, m, line };
      if (m) break;
    }
  });
  const failed = exit !== null && (exit.code !== 0 || exit.signal !== null);
  if (best) {
    const b = best as { rule: Rule; m: RegExpExecArray; line: string };
    // A NaN mention in a run that ended fine is a warning for the metrics, not a failure.
    if (b.rule.kind !== 'nan_loss' || failed || exit === null) return { kind: b.rule.kind, message: b.line, ...b.rule.build(b.m, b.line) };
  }
  if (!failed) return null;
  if (exit.signal === 'SIGKILL') {
    return {
      kind: 'ram_oom',
      cause: 'killed',
      title: 'The engine was killed by the system',
      message: 'The process was ended with SIGKILL, which Atelier did not send.',
      fix: 'This is usually the system running out of RAM (the kernel\'s out-of-memory killer): lower blocks to swap, close other programs, or add swap.',
    };
  }
  // accelerate's own CalledProcessError follows the engine's traceback: the engine's exception is the cause.
  const last = [...tail].reverse().map((l) => l.trim()).find((l) => EXCEPTION_LINE.test(l) && !/CalledProcessError|KeyboardInterrupt/.test(l));
  const lastLine = [...tail].reverse().map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return {
    kind: 'crash',
    ...(exit.signal ? { cause: 'signal', details: { signal: exit.signal } } : { cause: 'exit_code', details: { exitCode: exit.code } }),
    title: exit.signal ? `The engine was ended by ${exit.signal}` : `The engine stopped with exit code ${exit.code}`,
    message: last ?? lastLine,
    fix: `See the log for the error above this line. If it mentions CUDA, update the GPU driver or run the doctor (Check in ${WHERE.engines}); otherwise report it with the log.`,
  };
}

/** Why a step's command did not start, from the error and what is on disk now. */
export interface StartFailure {
  step: string;
  program: string;
  cwd: string;
  /** The error's code (ENOENT, EACCES…), when it has one. */
  code: string | null;
  message: string;
  /** Atelier failed before the command (writing the launch files, starting its launcher), not the command itself. */
  atelier: boolean;
  cwdExists: boolean;
  /** argv[0] is a file (found on PATH, for a bare name). */
  programExists: boolean;
}

/** Names a start failure: the engine folder or its program missing, a program that exists but cannot run, or a
 * failure on Atelier's side, each with its fix. Pure. */
export function classifyStartFailure(f: StartFailure): ClassifiedError {
  const message = f.message;
  if (f.atelier) {
    return {
      kind: 'launch',
      cause: 'launch_atelier',
      details: { step: f.step },
      title: `Atelier could not start the ${f.step} step`,
      message,
      fix: "The engine was not reached: check that Atelier's data folder has free space and can be written to, then resume the run.",
    };
  }
  const settings = `Set the engine's folder and Python (its venv) in ${WHERE.engines}, then ${CHECK}.`;
  const program = { program: f.program };
  if (!f.cwdExists) return { kind: 'missing_file', cause: 'engine_folder_missing', details: { path: f.cwd }, title: `The engine folder ${f.cwd} does not exist`, message, fix: `${settings} Install… puts the pinned engine there.` };
  if (!f.programExists) return { kind: 'missing_file', cause: 'program_missing', details: program, title: `${f.program} was not found`, message, fix: `${settings} Training runs through accelerate next to the venv's Python: "<engine python> -m pip install accelerate" installs it.` };
  if (f.code === 'EACCES' || f.code === 'EPERM') {
    return { kind: 'launch', cause: 'not_executable', details: program, title: `${f.program} is not executable`, message, fix: `Choose the venv's python (or accelerate) executable itself in ${WHERE.engines}, or make the file executable (chmod +x).` };
  }
  if (f.code === 'ENOENT') {
    return {
      kind: 'launch',
      cause: 'bad_interpreter',
      details: program,
      title: `${f.program} exists but could not be started`,
      message,
      fix: `The interpreter its first line (#!) names is gone, as when a venv's base Python was removed or moved: install the engine again (Install… in ${WHERE.engines}) to recreate its venv, then ${CHECK}.`,
    };
  }
  return { kind: 'launch', cause: 'cannot_start', details: program, title: `${f.program} could not be started`, message, fix: `${settings} If it still fails, run the command from the plan's preview in a terminal to see why.` };
}
