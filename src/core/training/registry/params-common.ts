/** Parameters whose flag and meaning are the same in musubi-tuner and sd-scripts (checked against both engines'
 * argparse at their pinned commits by test/training/registry-flags.test.ts). */
import { internal, keyValues, param, storeTrue, value } from './declare';

const ALL_STEPS = ['cache_latents', 'cache_text_encoder_outputs', 'train'] as const;

// ---- set by the planner ----
export const datasetConfig = internal('dataset_config', 'The dataset TOML Atelier writes for the run.', [value('--dataset_config', ...ALL_STEPS)]);
export const outputDir = internal('output_dir', 'Where checkpoints and state folders go.', [value('--output_dir')]);
export const loggingDir = internal('logging_dir', 'TensorBoard event files, tailed for the live charts.', [value('--logging_dir')]);
export const logWith = internal('log_with', 'Always tensorboard: the charts read its event files.', [value('--log_with')]);
export const logTrackerConfig = internal('log_tracker_config', 'TOML with [tensorboard] flush_secs, so the charts lag seconds, not minutes.', [value('--log_tracker_config')]);
export const samplePromptsPath = internal('sample_prompts_path', 'The prompts file written from the sample prompts field.', [value('--sample_prompts')]);
export const networkModule = internal('network_module', "The model's LoRA module.", [value('--network_module')]);

// ---- basic ----
export const outputName = param({
  key: 'output_name', group: 'basic', label: 'LoRA name', widget: 'text', type: 'string', default: null, required: true, persist: false,
  help: 'File name of the LoRA (without .safetensors). Defaults to the dataset name.',
  cli: [value('--output_name')],
});
export const maxTrainEpochs = param({
  key: 'max_train_epochs', group: 'basic', label: 'Epochs', widget: 'number', type: 'integer', default: 16, min: 1, max: 100000,
  help: 'Passes over the dataset (times its repeats). Overrides the step count when set.',
  cli: [value('--max_train_epochs')],
});
export const maxTrainSteps = param({
  key: 'max_train_steps', group: 'basic', label: 'Steps', widget: 'number', type: 'integer', default: null, min: 1, max: 10000000,
  help: 'Total optimizer steps; used only when Epochs is empty.',
  cli: [value('--max_train_steps')],
});
export const learningRate = param({
  key: 'learning_rate', group: 'basic', label: 'Learning rate', widget: 'number', type: 'number', default: 1e-4, min: 0, max: 1,
  help: 'Step size of the optimizer. Too high burns the LoRA in; too low learns nothing.',
  cli: [value('--learning_rate')],
});
export const networkDim = param({
  key: 'network_dim', group: 'basic', label: 'Rank (dim)', widget: 'number', type: 'integer', default: 16, min: 1, max: 1024,
  help: 'LoRA rank: capacity and file size. 8–32 suits most characters and styles.',
  cli: [value('--network_dim')],
});
export const networkAlpha = param({
  key: 'network_alpha', group: 'basic', label: 'Alpha', widget: 'number', type: 'number', default: null, min: 0, max: 1024,
  help: 'Scales the LoRA update by alpha/rank. Empty: the engine default (1).',
  cli: [value('--network_alpha')],
});
export const seed = param({
  key: 'seed', group: 'basic', label: 'Seed', widget: 'number', type: 'integer', default: 42, min: 0, max: 2 ** 32 - 1,
  help: 'Random seed, for repeatable runs.',
  cli: [value('--seed')],
});

// ---- optimizer ----
export const optimizerType = param({
  key: 'optimizer_type', group: 'optimizer', label: 'Optimizer', widget: 'select', type: 'string', default: 'AdamW8bit', allowCustom: true,
  options: ['AdamW8bit', 'AdamW', 'Adafactor'],
  help: 'AdamW8bit saves memory (needs bitsandbytes). A custom value names any torch.optim class or module.Class.',
  cli: [value('--optimizer_type')],
});
export const optimizerArgs = param({
  key: 'optimizer_args', group: 'optimizer', label: 'Optimizer arguments', widget: 'kv-list', type: 'string[]', default: [],
  help: 'key=value pairs passed to the optimizer, e.g. weight_decay=0.01.',
  cli: [keyValues('--optimizer_args')],
});
export const lrScheduler = param({
  key: 'lr_scheduler', group: 'optimizer', label: 'LR scheduler', widget: 'select', type: 'string', default: 'constant',
  options: ['constant', 'constant_with_warmup', 'linear', 'cosine', 'cosine_with_restarts', 'polynomial', 'adafactor'],
  help: 'How the learning rate changes over the run.',
  cli: [value('--lr_scheduler')],
});
export const lrWarmupSteps = param({
  key: 'lr_warmup_steps', group: 'optimizer', label: 'Warm-up steps', widget: 'number', type: 'number', default: null, min: 0,
  help: 'Steps of linear warm-up; a value below 1 is a fraction of all steps.',
  cli: [value('--lr_warmup_steps')],
});
export const lrSchedulerNumCycles = param({
  key: 'lr_scheduler_num_cycles', group: 'optimizer', label: 'Scheduler cycles', widget: 'number', type: 'integer', default: null, min: 1,
  help: 'Restarts of cosine_with_restarts.',
  cli: [value('--lr_scheduler_num_cycles')],
});
export const lrSchedulerPower = param({
  key: 'lr_scheduler_power', group: 'optimizer', label: 'Scheduler power', widget: 'number', type: 'number', default: null,
  help: 'Exponent of the polynomial scheduler.',
  cli: [value('--lr_scheduler_power')],
});
export const maxGradNorm = param({
  key: 'max_grad_norm', group: 'optimizer', label: 'Gradient clipping', widget: 'number', type: 'number', default: null, min: 0,
  help: 'Clips the gradient norm (0 disables). Empty: the engine default (1.0).',
  cli: [value('--max_grad_norm')],
});
export const gradientAccumulationSteps = param({
  key: 'gradient_accumulation_steps', group: 'optimizer', label: 'Gradient accumulation', widget: 'number', type: 'integer', default: null, min: 1, max: 1024,
  help: 'Batches summed per optimizer step: a larger effective batch without more memory.',
  cli: [value('--gradient_accumulation_steps')],
});
export const networkDropout = param({
  key: 'network_dropout', group: 'optimizer', label: 'Network dropout', widget: 'number', type: 'number', default: null, min: 0, max: 1,
  help: 'Dropout on the LoRA neurons.',
  cli: [value('--network_dropout')],
});
export const networkArgs = param({
  key: 'network_args', group: 'optimizer', label: 'Network arguments', widget: 'kv-list', type: 'string[]', default: [],
  help: 'key=value options of the LoRA module, e.g. loraplus_lr_ratio=4.',
  cli: [keyValues('--network_args')],
});
export const scaleWeightNorms = param({
  key: 'scale_weight_norms', group: 'optimizer', label: 'Max weight norm', widget: 'number', type: 'number', default: null, min: 0,
  help: 'Scales down LoRA weights whose norm exceeds this (1.0 is a common choice).',
  cli: [value('--scale_weight_norms')],
});

// ---- precision and memory ----
export const mixedPrecision = param({
  key: 'mixed_precision', group: 'precision', label: 'Mixed precision', widget: 'select', type: 'string', default: 'bf16',
  options: ['bf16', 'fp16', 'no'],
  help: 'bf16 needs an RTX 30xx or newer; fp16 for older GPUs. Also given to accelerate launch.',
  cli: [value('--mixed_precision')],
});
export const gradientCheckpointing = param({
  key: 'gradient_checkpointing', group: 'precision', label: 'Gradient checkpointing', widget: 'switch', type: 'boolean', default: true,
  help: 'Recomputes activations: much less memory for some speed.',
  cli: [storeTrue('--gradient_checkpointing')],
});
export const fp8Base = param({
  key: 'fp8_base', group: 'precision', label: 'FP8 base model', widget: 'switch', type: 'boolean', default: false,
  help: 'Keeps the base model in fp8: about half the memory of bf16.',
  cli: [storeTrue('--fp8_base')],
});
export const blocksToSwap = param({
  key: 'blocks_to_swap', group: 'precision', label: 'Blocks to swap', widget: 'number', type: 'integer', default: null, min: 0,
  help: 'Model blocks kept in CPU memory and swapped in when needed: less VRAM, more RAM, slower.',
  cli: [value('--blocks_to_swap')],
});
export const sdpa = param({
  key: 'sdpa', group: 'precision', label: 'PyTorch SDPA attention', widget: 'switch', type: 'boolean', default: true,
  help: "PyTorch's scaled-dot-product attention: fast and needs nothing extra.",
  cli: [storeTrue('--sdpa')],
});
export const xformers = param({
  key: 'xformers', group: 'precision', label: 'xformers attention', widget: 'switch', type: 'boolean', default: false,
  help: 'Needs the xformers package. Use instead of SDPA, not with it.',
  cli: [storeTrue('--xformers')],
});

// ---- sampling ----
export const samplePrompts = param({
  key: 'sample_prompts', group: 'sampling', label: 'Sample prompts', widget: 'textarea', type: 'string', default: '',
  help: 'One prompt per line (# starts a comment); options such as --w 1024 --h 1024 --s 20 --d 42 per line. Empty: no samples.',
});
export const sampleEveryNEpochs = param({
  key: 'sample_every_n_epochs', group: 'sampling', label: 'Sample every N epochs', widget: 'number', type: 'integer', default: null, min: 1,
  help: 'Render the sample prompts every N epochs.',
  cli: [value('--sample_every_n_epochs')],
});
export const sampleEveryNSteps = param({
  key: 'sample_every_n_steps', group: 'sampling', label: 'Sample every N steps', widget: 'number', type: 'integer', default: null, min: 1,
  help: 'Render the sample prompts every N steps.',
  cli: [value('--sample_every_n_steps')],
});
export const sampleAtFirst = param({
  key: 'sample_at_first', group: 'sampling', label: 'Sample before training', widget: 'switch', type: 'boolean', default: false,
  help: 'Render the prompts once before the first step, as a baseline.',
  cli: [storeTrue('--sample_at_first')],
});

// ---- saving ----
export const saveEveryNEpochs = param({
  key: 'save_every_n_epochs', group: 'saving', label: 'Save every N epochs', widget: 'number', type: 'integer', default: 1, min: 1,
  help: 'Write a checkpoint every N epochs.',
  cli: [value('--save_every_n_epochs')],
});
export const saveEveryNSteps = param({
  key: 'save_every_n_steps', group: 'saving', label: 'Save every N steps', widget: 'number', type: 'integer', default: null, min: 1,
  help: 'Write a checkpoint every N steps.',
  cli: [value('--save_every_n_steps')],
});
export const saveLastNEpochs = param({
  key: 'save_last_n_epochs', group: 'saving', label: 'Keep last N checkpoints', widget: 'number', type: 'integer', default: null, min: 1,
  help: 'Delete older epoch checkpoints, keeping the last N.',
  cli: [value('--save_last_n_epochs')],
});
export const saveState = param({
  key: 'save_state', group: 'saving', label: 'Save resumable state', widget: 'switch', type: 'boolean', default: true,
  help: 'Write optimizer state with each checkpoint so a stopped run can resume. Needed for Resume.',
  cli: [storeTrue('--save_state')],
});
export const saveLastNEpochsState = param({
  key: 'save_last_n_epochs_state', group: 'saving', label: 'Keep last N states', widget: 'number', type: 'integer', default: 2, min: 1,
  help: 'Delete older state folders (each is large), keeping the last N.',
  cli: [value('--save_last_n_epochs_state')],
});
export const savePrecision = param({
  key: 'save_precision', group: 'saving', label: 'Save precision', widget: 'select', type: 'string', default: 'bf16',
  options: ['bf16', 'fp16', 'float'],
  help: 'Precision of the saved LoRA weights.',
  cli: [value('--save_precision')],
});

// ---- flow-matching timesteps (musubi models and sd-scripts FLUX) ----
export const timestepSampling = param({
  key: 'timestep_sampling', group: 'advanced', label: 'Timestep sampling', widget: 'select', type: 'string', default: null,
  options: ['sigma', 'uniform', 'sigmoid', 'shift', 'flux_shift'],
  help: 'How training timesteps are drawn. shift uses the discrete flow shift below.',
  cli: [value('--timestep_sampling')],
});
export const discreteFlowShift = param({
  key: 'discrete_flow_shift', group: 'advanced', label: 'Discrete flow shift', widget: 'number', type: 'number', default: null, min: 0,
  help: 'Shift of the flow-matching schedule for shift sampling.',
  cli: [value('--discrete_flow_shift')],
});
export const guidanceScale = param({
  key: 'guidance_scale', group: 'advanced', label: 'Guidance scale', widget: 'number', type: 'number', default: null, min: 0,
  help: 'Embedded guidance given to guidance-distilled models during training.',
  cli: [value('--guidance_scale')],
});
export const minTimestep = param({
  key: 'min_timestep', group: 'advanced', label: 'Min timestep', widget: 'number', type: 'integer', default: null, min: 0, max: 999,
  help: 'Lowest timestep trained (0–999).',
  cli: [value('--min_timestep')],
});
export const maxTimestep = param({
  key: 'max_timestep', group: 'advanced', label: 'Max timestep', widget: 'number', type: 'integer', default: null, min: 1, max: 1000,
  help: 'Highest timestep trained (1–1000).',
  cli: [value('--max_timestep')],
});

// ---- data loading ----
export const maxDataLoaderWorkers = param({
  key: 'max_data_loader_n_workers', group: 'advanced', label: 'Data loader workers', widget: 'number', type: 'integer', default: 2, min: 0, max: 64,
  help: 'Processes reading the cache; more uses more RAM.',
  cli: [value('--max_data_loader_n_workers')],
});
export const persistentWorkers = param({
  key: 'persistent_data_loader_workers', group: 'advanced', label: 'Keep loader workers', widget: 'switch', type: 'boolean', default: true,
  help: 'Keep loader processes between epochs (faster epoch starts).',
  cli: [storeTrue('--persistent_data_loader_workers')],
});
export const networkWeights = param({
  key: 'network_weights', group: 'advanced', label: 'Start from LoRA', widget: 'file', type: 'string', default: null, persist: false,
  help: 'Continue training an existing LoRA file (weights only, not the optimizer state).',
  cli: [value('--network_weights')],
});
