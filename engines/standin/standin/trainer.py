"""The training scripts: the engines' loop structure, console output, TensorBoard tags, save rules and resume
behaviour, with a synthetic loss instead of a model.

Resume, as the real engines do it (training-engines.md, "Resume caveat"):
- musubi-tuner: `--resume` restores the state, but global_step and the epoch start again from 0.
- sd-scripts: the state's train_state.json gives the step; the epoch count continues from it; global_step starts
  at 0, or with `--skip_until_initial_step` (which skips the batches already seen) at the position in the epoch.
The learned state (weights, LR schedule position) always continues, so the loss curve continues too.
On SIGINT the stand-in finishes the step, saves a step checkpoint and state, and exits with 130."""
import math
import os
import random
import signal
import sys
import time
import tomllib

from . import artifacts, dataset, faults, models
from .cache import cache_file
from .console import info
from .progress import Bar
from .tfevents import EventWriter


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
    """--log_tracker_config: a TOML of accelerate init_kwargs; [tensorboard] goes to the SummaryWriter."""
    if not path:
        return {}
    with open(path, "rb") as f:
        return tomllib.load(f).get("tensorboard", {})


class Saver:
    def __init__(self, engine, args, output_dir, name):
        self.engine = engine
        self.args = args
        self.output_dir = output_dir
        self.name = name
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

    def state(self, dir_name, weights, trainer_state, epoch, global_step):
        info(f"saving state at {dir_name}")
        sd_state = {"current_epoch": epoch, "current_step": global_step} if self.engine == "sd-scripts" else None
        artifacts.save_state(self.output_dir, dir_name, weights, trainer_state, sd_state)


def train(engine, arch, args):
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
    state = {"trained_steps": 0, "planned_steps": max_train_steps, "weights": [0.0, 0.0, 0.0, 0.0]}
    global_step = 0
    epoch_to_start = 0
    skip_micro = 0
    if args.resume:
        info(f"resume training from local state: {args.resume}")
        state, train_state = artifacts.load_state(args.resume)
        if engine == "sd-scripts" and train_state is not None:
            info(f"load train state from {args.resume}/train_state.json: {train_state}")
            steps_from_state = train_state["current_step"]
            epoch_to_start = steps_from_state // steps_per_epoch
            if args.skip_until_initial_step:
                info(f"skipping {steps_from_state} steps / {steps_from_state}ステップをスキップします")
                # As sd-scripts does: the skipped epochs are subtracted in micro-batches and what is left, the
                # position inside the epoch, becomes global_step (not the step count; sd-scripts #1999, #2171).
                skip_micro = steps_from_state * grad_accum - epoch_to_start * batches
                global_step = skip_micro

    writer = None
    if args.logging_dir and args.log_with in (None, "tensorboard", "all"):
        run_dir = os.path.join(args.logging_dir, (args.log_prefix or "") + time.strftime("%Y%m%d%H%M%S", time.localtime()),
                               args.log_tracker_name or "network_train")
        tb = tracker_config(args.log_tracker_config)
        writer = EventWriter(run_dir, flush_secs=float(tb.get("flush_secs", 120)), max_queue=int(tb.get("max_queue", 10)),
                             tensor_scalars=os.environ.get("STANDIN_TB_TENSORS") == "1",
                             split_writes=os.environ.get("STANDIN_TB_SPLIT") == "1")

    prompts = artifacts.read_prompts(args.sample_prompts) if args.sample_prompts else []
    saver = Saver(engine, args, output_dir, name)
    stop = {"requested": False}
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, lambda *_: stop.update(requested=True))

    def sample(epoch, steps):
        if prompts:
            info(f"generating sample images at step / サンプル画像生成 ステップ: {steps}")
            artifacts.save_samples(output_dir, name, prompts, epoch, steps, synthetic_loss(state["trained_steps"], args.seed) * 5)

    def step_state(epoch):
        saver.state(artifacts.STEP_STATE.format(name, global_step), state["weights"], state, epoch, global_step)

    def interrupt(completed_epochs):
        bar.close()
        info("interrupted: saving the state / 中断: stateを保存します")
        saver.checkpoint(artifacts.STEP_FILE.format(name, global_step), state["weights"], global_step, completed_epochs)
        step_state(completed_epochs)
        if writer:
            writer.close()
        sys.exit(130)

    if args.sample_at_first:
        sample(None, global_step)
    bar = Bar(max_train_steps - skip_micro, desc="steps")
    recorder = LossRecorder()
    nan_from = faults.nan_from()
    step_pause = faults.step_ms() / 1000
    for epoch in range(epoch_to_start, num_train_epochs):
        print(f"\nepoch {epoch + 1}/{num_train_epochs}", flush=True)
        for step in range(batches):
            if epoch == epoch_to_start and step < skip_micro:
                continue
            time.sleep(step_pause)
            sync = (step + 1) % grad_accum == 0 or step == batches - 1
            loss = synthetic_loss(state["trained_steps"], args.seed)
            if nan_from is not None and global_step + 1 >= nan_from:
                loss = float("nan")
            if sync:
                faults.at_step(global_step + 1)
                if global_step == 0 and engine == "musubi-tuner":
                    bar.reset()  # musubi: the first step is excluded from the rate
                bar.update(1)
                global_step += 1
                state["trained_steps"] += 1
                state["weights"] = [loss, state["trained_steps"] / 1000.0, 0.0, 1.0]
                if args.sample_every_n_steps and global_step % args.sample_every_n_steps == 0:
                    sample(None, global_step)
                if args.save_every_n_steps and global_step % args.save_every_n_steps == 0:
                    # as musubi-tuner: a step save records the epochs completed so far (the 0-based loop index)
                    saver.checkpoint(artifacts.STEP_FILE.format(name, global_step), state["weights"], global_step, epoch,
                                     saver.step_ckpts, args.save_last_n_steps and math.ceil(args.save_last_n_steps / args.save_every_n_steps))
                    if args.save_state:
                        step_state(epoch)
            recorder.add(epoch=epoch, step=step, loss=loss)
            bar.set_postfix(avr_loss=recorder.moving_average)
            if writer:
                lr = learning_rate(args, state["trained_steps"], state["planned_steps"])
                writer.add_scalar("loss/current", loss, global_step)
                writer.add_scalar("loss/average", recorder.moving_average, global_step)
                writer.add_scalar("lr/unet", lr, global_step)
                writer.maybe_flush()
            # Interrupted at a step boundary; on an epoch's last step, after the epoch's own bookkeeping.
            if stop["requested"] and sync and step < batches - 1:
                interrupt(epoch)
            if global_step >= max_train_steps:
                break
        if writer:
            writer.add_scalar("loss/epoch" if engine == "musubi-tuner" else "loss/epoch_average", recorder.moving_average, epoch + 1)
        if args.save_every_n_epochs and (epoch + 1) % args.save_every_n_epochs == 0 and epoch + 1 < num_train_epochs:
            saver.checkpoint(artifacts.EPOCH_FILE.format(name, epoch + 1), state["weights"], global_step, epoch + 1,
                             saver.epoch_ckpts, args.save_last_n_epochs)
            if args.save_state:
                saver.state(artifacts.EPOCH_STATE.format(name, epoch + 1), state["weights"], state, epoch + 1, global_step)
        if args.sample_every_n_epochs and (epoch + 1) % args.sample_every_n_epochs == 0:
            sample(epoch + 1, global_step)
        if stop["requested"] and epoch + 1 < num_train_epochs:
            interrupt(epoch + 1)
    bar.close()
    if args.save_state or args.save_state_on_train_end:
        saver.state(artifacts.LAST_STATE.format(name), state["weights"], state, num_train_epochs, global_step)
    saver.checkpoint(name, state["weights"], global_step, num_train_epochs)
    if writer:
        writer.close()
    info("model saved.")
