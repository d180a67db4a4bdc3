"""Atelier's launch shim, run by accelerate in place of the engine script:

    accelerate launch <accelerate flags> atelier_launch.py <engine script.py> <script args...>

It runs the script exactly as if it had been started directly (sys.argv, sys.path[0], __main__) and adds the
graceful stop the engines lack: kohya sd-scripts and musubi-tuner die on Ctrl+C (a KeyboardInterrupt), losing
everything since their last scheduled save. Once a stop is asked for, by the file named in ATELIER_STOP_FILE (read
at every step: Atelier's way, which reaches no other process) or by a SIGINT to this process, the next optimizer
step saves the training state with accelerate's save_state as `<output_dir>/<output_name>-step<N>-state` (the
engines' own step-state name, which their --resume reads; their save-state hooks run, so sd-scripts writes its
train_state.json), closes the trackers (the last TensorBoard events reach the disk) and exits with 130. A stop file
reading "exit" stops at the next step without saving (the state was just saved, or is not worth keeping). Before
the first step, a stop is a plain interrupt: nothing has been trained yet. A SIGINT once a stop was asked for (a
second Ctrl+C, or Atelier's escalation when the step did not come) interrupts at once, as without the shim.

A SIGINT to the whole process group reaches the data loader's worker processes too, which die of it (torch's
workers end on a KeyboardInterrupt); with persistent workers the save at the next step then fails on them, which is
why Atelier asks through the file. Processes forked from this one (those workers) keep Python's default SIGINT.

The stop point is the per-step log call both engines make while a tracker is on (--log_with): musubi-tuner calls
Accelerator.log(logs, step=global_step), sd-scripts calls its trackers' log itself; only a call holding
"loss/current" on a step where gradients were synced (an optimizer step) counts. An epoch's last step is passed
over, so the epoch's own work (its log, checkpoint, state and samples) is done and the state falls inside the next
epoch, where both engines' epoch counts agree with it on resume. A run of several processes (multi-GPU) cannot save
on a stop, since its processes would have to save together at the same step: each of them reads the stop file and
ends as on Ctrl+C, and what is kept is the last scheduled save.

Only the standard library and accelerate's public API are used; where accelerate is missing or its API differs,
the script runs unchanged, with a warning line."""
import _thread
import functools
import os
import runpy
import signal
import sys
import threading
import time

STOP_FILE_ENV = "ATELIER_STOP_FILE"
EXIT_STOPPED = 130
STEP_STATE_NAME = "{}-step{:08d}-state"  # musubi_tuner/utils/train_utils.py, sd-scripts library/train_util.py
POLL_SECONDS = 1.0


def say(message):
    print(f"\r[atelier] {message}", flush=True)  # \r: after a progress bar, as tqdm.write does


def flag_value(argv, flag):
    """The value of `--flag v` / `--flag=v` (the last one, as argparse keeps), or None."""
    value = None
    for i, a in enumerate(argv):
        if a == flag and i + 1 < len(argv):
            value = argv[i + 1]
        elif a.startswith(flag + "="):
            value = a[len(flag) + 1:]
    return value


class StopControl:
    """What has been asked for, read at each optimizer step; and the save-and-exit that answers it."""

    def __init__(self, stop_file, output_dir, output_name):
        self.main_pid = os.getpid()
        self.stop_file = stop_file
        self.output_dir = output_dir
        self.output_name = output_name
        self.signalled = False
        self.steps = 0
        self.last_step = None
        self.noted = set()

    def note(self, key, message):
        if key not in self.noted:
            self.noted.add(key)
            say(message)

    def requested(self):
        """None (go on), "save" or "exit". The stop file's word wins over a signal."""
        word = self.stop_word()
        if word:
            return "exit" if word == "exit" else "save"
        return "save" if self.signalled else None

    def stop_word(self):
        """The stop file's word; None while there is none. An empty file (caught as it is written) or one that cannot
        be read says nothing yet: it is read again at the next step, since taking it for "save" could save the
        diverged weights of a run stopped for a NaN loss."""
        if not self.stop_file:
            return None
        try:
            with open(self.stop_file, encoding="utf-8") as f:
                return f.read().strip() or None
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as e:
            self.note("unreadable", f"the stop file could not be read ({type(e).__name__}: {e}); reading it again at the next step.")
            return None

    def on_sigint(self, _signum, _frame):
        if os.getpid() != self.main_pid:
            raise KeyboardInterrupt  # a forked process (a data loader's worker): Python's default
        if self.steps == 0 or self.requested() is not None:
            raise KeyboardInterrupt  # nothing trained yet, or asked already: stop as the engine would
        self.signalled = True
        self.note("sigint", "SIGINT: the run stops at its next training step, after saving its state.")

    def watch_before_training(self):
        """Until the first step, a stop file interrupts at once (there is no step to wait for)."""
        while self.steps == 0:
            if os.path.exists(self.stop_file):
                _thread.interrupt_main()
                return
            time.sleep(POLL_SECONDS)

    def at_step(self, accelerator, step):
        if step == self.last_step:
            return  # the same step, logged to a second tracker
        self.last_step = step
        self.steps += 1
        what = self.requested()
        if what is None:
            return
        if getattr(accelerator, "num_processes", 1) > 1:
            say(f"stop requested at step {step}: a run of several processes cannot save its state on a stop (they "
                "would have to save together); stopping as on Ctrl+C, its last scheduled save is what is kept.")
            raise KeyboardInterrupt
        if what == "save" and getattr(getattr(accelerator, "gradient_state", None), "end_of_dataloader", False):
            self.note(f"epoch-end-{step}", f"stop requested: step {step} ends its epoch; the state is saved at the next step, once the epoch's own work is done.")
            return
        self.finish(accelerator, step, what)

    def finish(self, accelerator, step, what):
        if what == "save":
            path = os.path.join(self.output_dir, STEP_STATE_NAME.format(self.output_name, step))
            say(f"stop requested: saving the state at step {step} to {path}")
            try:
                os.makedirs(self.output_dir, exist_ok=True)
                accelerator.save_state(path)
            except Exception as e:  # a stop was asked for: the run ends either way
                say(f"the state could not be saved ({type(e).__name__}: {e}); stopping without it.")
        else:
            say(f"stop requested: stopping at step {step} without saving the state.")
        try:
            accelerator.end_training()  # closes the trackers: their last events reach the disk
        except Exception as e:
            say(f"closing the trackers failed ({type(e).__name__}: {e}).")
        say(f"stopped at step {step}.")
        sys.exit(EXIT_STOPPED)


def _is_step_log(values, step):
    return isinstance(values, dict) and "loss/current" in values and step is not None


def install(accelerate, control):
    """Wraps Accelerator.__init__ (to know the instance), Accelerator.log and the trackers' log. False, with the
    reason printed, when this accelerate lacks what is needed."""
    acc_cls = getattr(accelerate, "Accelerator", None)
    missing = [n for n in ("__init__", "log", "save_state", "end_training") if not hasattr(acc_cls, n)] if acc_cls else ["Accelerator"]
    if missing:
        say(f"this accelerate has no {', '.join(missing)}: a stop will not save the training state.")
        return False
    try:
        from accelerate import tracking
        trackers = _subclasses(tracking.GeneralTracker)
    except Exception as e:
        say(f"accelerate.tracking is not usable ({type(e).__name__}: {e}): a stop will not save the training state.")
        return False

    instances = []
    in_accelerator_log = threading.local()

    def after_log(accelerator, values, step):
        if accelerator is not None and _is_step_log(values, step) and getattr(accelerator, "sync_gradients", True):
            control.at_step(accelerator, int(step))

    init = acc_cls.__init__

    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        instances.append(self)

    log = acc_cls.log

    @functools.wraps(log)
    def accelerator_log(self, values, *args, **kwargs):
        in_accelerator_log.active = True
        try:
            result = log(self, values, *args, **kwargs)
        finally:
            in_accelerator_log.active = False
        after_log(self, values, kwargs.get("step", args[0] if args else None))
        return result

    def tracker_log_of(original):
        @functools.wraps(original)
        def tracker_log(self, values, *args, **kwargs):
            result = original(self, values, *args, **kwargs)
            if not getattr(in_accelerator_log, "active", False) and instances:
                step = kwargs.get("step", args[0] if args else None)
                if step is None and isinstance(values, dict):
                    step = values.get("global_step")  # sd-scripts' wandb logging carries the step in the values
                after_log(instances[0], values, step)
            return result

        return tracker_log

    acc_cls.__init__ = __init__
    acc_cls.log = accelerator_log
    for cls in trackers:
        if "log" in cls.__dict__:
            cls.log = tracker_log_of(cls.__dict__["log"])
    return True


def _subclasses(cls):
    out = []
    for sub in cls.__subclasses__():
        out += [sub] + _subclasses(sub)
    return out


def arm(argv):
    """Sets up the stop for the engine command line argv; warns and leaves the run as it is where it cannot."""
    output_dir = flag_value(argv, "--output_dir")
    output_name = flag_value(argv, "--output_name")
    if not output_dir or not output_name:
        say("no --output_dir/--output_name on the command line: a stop will not save the training state.")
        return
    try:
        import accelerate
    except Exception as e:
        say(f"accelerate is not importable ({type(e).__name__}: {e}): a stop will not save the training state.")
        return
    control = StopControl(os.environ.get(STOP_FILE_ENV) or None, output_dir, output_name)
    if not install(accelerate, control):
        return
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, control.on_sigint)
    if control.stop_file:
        threading.Thread(target=control.watch_before_training, name="atelier-stop-watch", daemon=True).start()


def main():
    if len(sys.argv) < 2 or not sys.argv[1].endswith(".py"):
        sys.exit("usage: accelerate launch [accelerate flags] atelier_launch.py ENGINE_SCRIPT.py [ARGS...]")
    script = os.path.abspath(sys.argv[1])
    sys.argv = [script] + sys.argv[2:]
    sys.path[0] = os.path.dirname(script)  # as `python script.py` sets it: sd-scripts imports library.* from there
    arm(sys.argv[1:])
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
