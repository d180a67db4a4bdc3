"""Log lines as the engines print them: bilingual messages, INFO level, unbuffered."""
import sys


def info(msg):
    print(f"INFO     {msg}", flush=True)


def warn(msg):
    print(f"WARNING  {msg}", file=sys.stderr, flush=True)
