"""tqdm's console output, reproduced: `\r`-separated updates of
`steps:  12%|█▏        | 120/1000 [00:30<03:40,  4.00it/s, avr_loss=0.123]` on stderr, at most every 0.1 s,
with tqdm's number formatting and its 10-character bar when the stream is not a terminal."""
import sys
import time

_CHARSET = " " + "".join(chr(c) for c in range(0x258F, 0x2587, -1))  # " ▏▎▍▌▋▊▉█"


def format_interval(t):
    mins, s = divmod(int(t), 60)
    h, m = divmod(mins, 60)
    return f"{h:d}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def format_num(n):
    f = f"{n:.3g}".replace("+0", "+").replace("-0", "-")
    n = str(n)
    return f if len(f) < len(n) else n


def format_meter(n, total, elapsed, desc="", postfix=""):
    rate = n / elapsed if elapsed and n else None
    inv_rate = 1 / rate if rate else None
    rate_noinv = (f"{rate:5.2f}" if rate else "?") + "it/s"
    rate_inv = (f"{inv_rate:5.2f}" if inv_rate else "?") + "s/it"
    rate_fmt = rate_inv if inv_rate and inv_rate > 1 else rate_noinv
    remaining = (total - n) / rate if rate and total else 0
    remaining_str = format_interval(remaining) if rate else "?"
    postfix = ", " + postfix if postfix else ""
    r_bar = f"| {n}/{total} [{format_interval(elapsed)}<{remaining_str}, {rate_fmt}{postfix}]"
    frac = n / total if total else 0
    l_bar = (desc + ": " if desc else "") + f"{frac * 100:3.0f}%|"
    nsyms = len(_CHARSET) - 1
    bar_length, frac_bar_length = divmod(int(frac * 10 * nsyms), nsyms)
    bar = _CHARSET[-1] * bar_length
    if bar_length < 10:
        bar = bar + _CHARSET[frac_bar_length] + _CHARSET[0] * (10 - bar_length - 1)
    return l_bar + bar + r_bar


class Bar:
    def __init__(self, total, desc="", file=None, mininterval=0.1):
        self.total = total
        self.desc = desc
        self.file = file or sys.stderr
        self.mininterval = mininterval
        self.n = 0
        self.postfix = ""
        self.start = time.time()
        self.last_print = 0.0
        self.last_len = 0
        self.refresh()

    def refresh(self):
        s = format_meter(self.n, self.total, time.time() - self.start, self.desc, self.postfix)
        self.file.write("\r" + s + " " * max(self.last_len - len(s), 0))
        self.file.flush()
        self.last_len = len(s)
        self.last_print = time.time()

    def update(self, n=1):
        self.n += n
        if time.time() - self.last_print >= self.mininterval:
            self.refresh()

    def set_postfix(self, **kwargs):
        self.postfix = ", ".join(f"{k}={format_num(v) if isinstance(v, float) else v}" for k, v in kwargs.items())
        if time.time() - self.last_print >= self.mininterval:
            self.refresh()

    def reset(self):
        self.n = 0
        self.start = time.time()
        self.refresh()

    def close(self):
        self.refresh()
        self.file.write("\n")
        self.file.flush()
