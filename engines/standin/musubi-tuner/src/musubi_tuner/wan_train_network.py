"""Stand-in for the engine script of the same name (engines/standin/README.md)."""
import os
import sys

d = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(d, "standin", "main.py")):
    d = os.path.dirname(d)
sys.path.insert(0, d)
from standin.main import main  # noqa: E402

main(__file__)
