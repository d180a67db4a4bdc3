"""Failures on request, through STANDIN_FAIL (comma-separated), each producing what the real failure prints:
  oom@N        torch.OutOfMemoryError at global step N
  nan@N        the loss becomes NaN from step N on (training carries on, as the engines do)
  crash@N      a CUDA runtime error at step N
  killed@N     SIGKILL to itself at step N, as the kernel's out-of-memory killer does
  module:NAME  importing NAME at start-up (a missing optional package, e.g. an optimizer's)
  encoding     a cp1252 console (Windows without PYTHONUTF8): the first Japanese log line fails to encode
  hang[@N]     SIGINT is ignored, and from step N on no step ends (stuck, as in a hung CUDA call or a
               deadlocked data loader): neither a signal nor Atelier's stop file stops it
  stubborn[@N] as hang, and SIGTERM is ignored too (only a kill ends it)
  stall@N      from step N on no step ends, but signals work as usual (a step far slower than the stop timeout)
STANDIN_STEP_MS sets the time per step (default 40), STANDIN_ITEM_MS per cached item (default 5)."""
import importlib
import os
import signal
import sys
import time


def _parse():
    out = {}
    for part in filter(None, (p.strip() for p in os.environ.get("STANDIN_FAIL", "").split(","))):
        if "@" in part:
            name, step = part.split("@", 1)
            out[name] = int(step)
        elif ":" in part:
            name, arg = part.split(":", 1)
            out[name] = arg
        else:
            out[part] = True
    return out


FAULTS = _parse()


def step_ms():
    return float(os.environ.get("STANDIN_STEP_MS", "40"))


def item_ms():
    return float(os.environ.get("STANDIN_ITEM_MS", "5"))


class OutOfMemoryError(RuntimeError):
    pass


OutOfMemoryError.__module__ = "torch"  # the traceback's last line reads torch.OutOfMemoryError: ...


def at_start():
    if "module" in FAULTS:
        importlib.import_module(FAULTS["module"])
    if "encoding" in FAULTS:
        sys.stdout.reconfigure(encoding="cp1252", errors="strict")
    if "hang" in FAULTS or "stubborn" in FAULTS:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if "stubborn" in FAULTS:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def at_step(step):
    if FAULTS.get("oom") == step:
        raise OutOfMemoryError(
            "CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.55 GiB of which "
            "1.12 GiB is free. Including non-PyTorch memory, this process has 22.41 GiB memory in use. Of the "
            "allocated memory 21.70 GiB is allocated by PyTorch, and 312.45 MiB is reserved by PyTorch but "
            "unallocated. If reserved but unallocated memory is large try setting "
            "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.")
    if FAULTS.get("crash") == step:
        raise RuntimeError("CUDA error: an illegal memory access was encountered\nCUDA kernel errors might be "
                           "asynchronously reported at some other API call, so the stacktrace below might be incorrect.")
    if FAULTS.get("killed") == step:
        os.kill(os.getpid(), signal.SIGKILL)
    if any(FAULTS.get(k) == step and FAULTS[k] is not True for k in ("hang", "stubborn", "stall")):
        while True:
            time.sleep(3600)


def nan_from():
    return FAULTS.get("nan")
