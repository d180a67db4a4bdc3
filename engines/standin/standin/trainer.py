"""The training scripts: the engines' loop structure on accelerate's Accelerator (prepare, accumulate, log,
save_state with the engines' save-state hooks), console output, TensorBoard tags, save rules and resume behaviour,
with a synthetic loss instead of a model.

Resume, as the real engines do it (training-engines.md, "Resume caveat"):
- musubi-tuner: `--resume` restores the state, but global_step and the epoch start again from 0.
- sd-scripts: the state's train_state.json gives the step; the epoch count continues from it; global_step starts
  at 0, or with `--skip_until_initial_step` (which skips the batches already seen) at the position in the epoch.
The learned state (weights, LR schedule position) always continues, so the loss curve continues too.
Like the real scripts, nothing handles SIGINT: Ctrl+C ends the run with a KeyboardInterrupt and what was trained
since the last scheduled save is lost. Atelier's launch shim (engines/shims/atelier_launch.py) adds the graceful
stop, on the same accelerate calls as with the real engines."""
import json
import math
import os
import random
import time
import tomllib

from . import artifacts, dataset, faults, models
from .loader import DataLoader
from .cache import cache_file
from .console import info
from .progress import Bar


class LossRecorder:
    """The engines' LossRecorder: a moving average over one epoch's worth of steps (not an EMA)."""

    def __init__(self):
        self.loss_list = []
        self.loss_total = 0.0

    def add(self, *, epoch, step, loss):
        if epoch == 0:
            self.loss_list.append(loss)
        else:
            while len(self.loss_list) <= step:
                self.loss_list.append(0.0)
            self.loss_total -= self.loss_list[step]
            self.loss_list[step] = loss
        self.loss_total += loss

    @property
    def moving_average(self):
        return self.loss_total / len(self.loss_list)


def synthetic_loss(trained_steps, seed):
    rnd = random.Random((seed or 42) * 1_000_003 + trained_steps)
    return 0.05 + 0.1 * math.exp(-trained_steps / 30.0) + rnd.uniform(-0.005, 0.005)


def learning_rate(args, trained_steps, planned_steps):
    base = args.learning_rate or 1e-4
    warm = args.lr_warmup_steps or 0
    if isinstance(warm, float) and warm < 1:
        warm = int(warm * planned_steps)
    if trained_steps < warm:
        return base * (trained_steps + 1) / warm
    span = max(1, planned_steps - warm)
    t = min(1.0, (trained_steps - warm) / span)
    sched = args.lr_scheduler or "constant"
    if sched == "cosine":
        return base * 0.5 * (1 + math.cos(math.pi * t))
    if sched == "linear":
        return base * (1 - t)
    return base


def tracker_config(path):
    """--log_tracker_config: a TOML of accelerate init_kwargs ([tensorboard] goes to the SummaryWriter)."""
    if not path:
        return {}
    with open(path, "rb") as f:
        return tomllib.load(f)


class Network:
    """The LoRA being trained: what accelerate saves as model.safetensors."""
    accelerate_kind = "model"
    KEY = "lora_unet_standin.lora_down.weight"

    def __init__(self):
        self.weights = [0.0, 0.0, 0.0, 0.0]

    def state_dict(self):
        return {self.KEY: list(self.weights)}

    def load_state_dict(self, sd):
        self.weights = list(sd[self.KEY])


class Optimizer:
    """Where training is (optimizer.bin): the synthetic loss and the LR schedule follow its step count."""
    accelerate_kind = "optimizer"

    def __init__(self, planned_steps):
        self.trained_steps = 0
        self.planned_steps = planned_steps

    def state_dict(self):
        return {"trained_steps": self.trained_steps, "planned_steps": self.planned_steps}

    def load_state_dict(self, sd):
        self.trained_steps = sd["trained_steps"]
        self.planned_steps = sd["planned_steps"]


class Scheduler:
    accelerate_kind = "scheduler"

    def __init__(self, optimizer):
        self.optimizer = optimizer

    def state_dict(self):
        return {"last_epoch": self.optimizer.trained_steps}

    def load_state_dict(self, _sd):
        pass  # the position is the optimizer's step count


class Saver:
    def __init__(self, engine, args, output_dir, name, accelerator):
        self.engine = engine
        self.args = args
        self.output_dir = output_dir
        self.name = name
        self.accelerator = accelerator
        self.ext = "." + (args.save_model_as or "safetensors") if engine == "sd-scripts" else ".safetensors"
        self.step_ckpts = []
        self.epoch_ckpts = []

    def checkpoint(self, base, weights, steps, epoch, keep_list=None, keep_n=None):
        path = artifacts.save_checkpoint(self.output_dir, base, weights, steps, epoch)
        if self.ext != ".safetensors":
            os.replace(path, path[: -len(".safetensors")] + self.ext)
        if keep_list is not None:
            keep_list.append(base)
            while keep_n and len(keep_list) > keep_n:
                old = os.path.join(self.output_dir, keep_list.pop(0) + self.ext)
                if os.path.exists(old):
                    print(f"removing old checkpoint: {old}", flush=True)
                    os.remove(old)

    def state(self, dir_name):
        info(f"saving state at {dir_name}")
        self.accelerator.save_state(os.path.join(self.output_dir, dir_name))


def train(engine, arch, args):
    from accelerate import Accelerator  # from the engine's environment, as the real scripts import it

    faults.at_start()
    info("running training / 学習開始")
    if not args.dataset_config:
        raise ValueError("--dataset_config is required / --dataset_configが必要です")
    models.check(args)
    datasets = dataset.load(args.dataset_config, engine)
    if engine == "musubi-tuner":
        for ds in datasets:
            for item in ds.items:
                for kind in ("latents", "text_encoder"):
                    if not os.path.exists(cache_file(ds, item, arch, kind)):
                        raise ValueError(f"cache file not found: {cache_file(ds, item, arch, kind)}. Run the caching "
                                         "scripts first / キャッシュファイルが見つかりません")
    items = sum(len(ds.items) for ds in datasets)
    batches = sum(ds.batches for ds in datasets)
    if batches == 0:
        raise ValueError("No training items found in the dataset / データセットに学習データがありません")
    grad_accum = args.gradient_accumulation_steps or 1
    steps_per_epoch = math.ceil(batches / grad_accum)
    max_train_steps = args.max_train_steps or 1600
    if args.max_train_epochs:
        max_train_steps = args.max_train_epochs * steps_per_epoch
    num_train_epochs = math.ceil(max_train_steps / steps_per_epoch)
    info(f"  num train items / 学習画像、動画数: {items}")
    info(f"  num batches per epoch / 1epochのバッチ数: {batches}")
    info(f"  num epochs / epoch数: {num_train_epochs}")
    info(f"  total optimization steps / 学習ステップ数: {max_train_steps}")

    output_dir = args.output_dir or "."
    name = args.output_name or "last"
    logging_dir = None
    if args.logging_dir and args.log_with in (None, "tensorboard", "all"):
        logging_dir = os.path.join(args.logging_dir, (args.log_prefix or "") + time.strftime("%Y%m%d%H%M%S", time.localtime()))
    accelerator = Accelerator(gradient_accumulation_steps=grad_accum, mixed_precision=args.mixed_precision,
                              log_with=(args.log_with or "tensorboard") if logging_dir else None, project_dir=logging_dir)
    optimizer = Optimizer(max_train_steps)
    workers = 8 if args.max_data_loader_n_workers is None else args.max_data_loader_n_workers
    batches_of = DataLoader(range(batches), workers, args.persistent_data_loader_workers)
    network, optimizer, loader, _ = accelerator.prepare(Network(), optimizer, batches_of, Scheduler(optimizer))
    current = {"epoch": 0, "step": 0}  # sd-scripts' current_epoch / current_step
    from_state = {}
    if engine == "sd-scripts":
        def save_model_hook(_models, _weights, state_dir):
            # as sd-scripts: "+1 is needed because the state is saved before current_step is set from global_step"
            with open(os.path.join(state_dir, "train_state.json"), "w", encoding="utf-8") as f:
                json.dump({"current_epoch": current["epoch"], "current_step": current["step"] + 1}, f)

        def load_model_hook(_models, state_dir):
            path = os.path.join(state_dir, "train_state.json")
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    from_state.update(json.load(f))
                info(f"load train state from {path}: {from_state}")

        accelerator.register_save_state_pre_hook(save_model_hook)
        accelerator.register_load_state_pre_hook(load_model_hook)

    global_step = 0
    epoch_to_start = 0
    skip_micro = 0
    if args.resume:
        info(f"resume training from local state: {args.resume}")
        accelerator.load_state(args.resume)
        if "current_step" in from_state:
            steps_from_state = from_state["current_step"]
            epoch_to_start = steps_from_state // steps_per_epoch
            if args.skip_until_initial_step:
                info(f"skipping {steps_from_state} steps / {steps_from_state}ステップをスキップします")
                # As sd-scripts does: the skipped epochs are subtracted in micro-batches and what is left, the
                # position inside the epoch, becomes global_step (not the step count; sd-scripts #1999, #2171).
                skip_micro = steps_from_state * grad_accum - epoch_to_start * batches
                global_step = skip_micro

    if logging_dir:
        accelerator.init_trackers(args.log_tracker_name or "network_train", init_kwargs=tracker_config(args.log_tracker_config))
    is_tracking = len(accelerator.trackers) > 0

    def log(logs, step):
        # musubi-tuner logs through Accelerator.log; sd-scripts hands the values to each tracker itself
        if engine == "musubi-tuner":
            accelerator.log(logs, step=step)
        else:
            accelerator.get_tracker("tensorboard").log(logs, step=step)

    prompts = artifacts.read_prompts(args.sample_prompts) if args.sample_prompts else []
    saver = Saver(engine, args, output_dir, name, accelerator)

    def sample(epoch, steps):
        if prompts:
            info(f"generating sample images at step / サンプル画像生成 ステップ: {steps}")
            artifacts.save_samples(output_dir, name, prompts, epoch, steps, synthetic_loss(optimizer.trained_steps, args.seed) * 5)

    if args.sample_at_first:
        sample(None, global_step)
    if is_tracking:
        accelerator.log({}, step=0)
    bar = Bar(max_train_steps - skip_micro, desc="steps")
    recorder = LossRecorder()
    nan_from = faults.nan_from()
    step_pause = faults.step_ms() / 1000
    for epoch in range(epoch_to_start, num_train_epochs):
        accelerator.print(f"\nepoch {epoch + 1}/{num_train_epochs}")
        current["epoch"] = epoch + 1
        for step, _batch in enumerate(loader):
            current["step"] = global_step
            if epoch == epoch_to_start and step < skip_micro:
                continue
            with accelerator.accumulate(network):
                time.sleep(step_pause)
                loss = synthetic_loss(optimizer.trained_steps, args.seed)
                if nan_from is not None and global_step + 1 >= nan_from:
                    loss = float("nan")
                if accelerator.sync_gradients:
                    faults.at_step(global_step + 1)
                    optimizer.trained_steps += 1
                    network.weights = [loss, optimizer.trained_steps / 1000.0, 0.0, 1.0]
            if accelerator.sync_gradients:
                if global_step == 0 and engine == "musubi-tuner":
                    bar.reset()  # musubi: the first step is excluded from the rate
                bar.update(1)
                global_step += 1
                if args.sample_every_n_steps and global_step % args.sample_every_n_steps == 0:
                    sample(None, global_step)
                if args.save_every_n_steps and global_step % args.save_every_n_steps == 0:
                    # as musubi-tuner: a step save records the epochs completed so far (the 0-based loop index)
                    saver.checkpoint(artifacts.STEP_FILE.format(name, global_step), network.weights, global_step, epoch,
                                     saver.step_ckpts, args.save_last_n_steps and math.ceil(args.save_last_n_steps / args.save_every_n_steps))
                    if args.save_state:
                        saver.state(artifacts.STEP_STATE.format(name, global_step))
            recorder.add(epoch=epoch, step=step, loss=loss)
            bar.set_postfix(avr_loss=recorder.moving_average)
            if is_tracking:
                lr = learning_rate(args, optimizer.trained_steps, optimizer.planned_steps)
                log({"loss/current": loss, "loss/average": recorder.moving_average, "lr/unet": lr}, global_step)
            if global_step >= max_train_steps:
                break
        if is_tracking:
            log({"loss/epoch" if engine == "musubi-tuner" else "loss/epoch_average": recorder.moving_average}, epoch + 1)
        if args.save_every_n_epochs and (epoch + 1) % args.save_every_n_epochs == 0 and epoch + 1 < num_train_epochs:
            saver.checkpoint(artifacts.EPOCH_FILE.format(name, epoch + 1), network.weights, global_step, epoch + 1,
                             saver.epoch_ckpts, args.save_last_n_epochs)
            if args.save_state:
                saver.state(artifacts.EPOCH_STATE.format(name, epoch + 1))
        if args.sample_every_n_epochs and (epoch + 1) % args.sample_every_n_epochs == 0:
            sample(epoch + 1, global_step)
    bar.close()
    accelerator.end_training()
    if args.save_state or args.save_state_on_train_end:
        saver.state(artifacts.LAST_STATE.format(name))
    saver.checkpoint(name, network.weights, global_step, num_train_epochs)
    info("model saved.")
