"""Command-line parsing with exactly the flags the real scripts accept. The flag tables are the engines' argparse
definitions extracted at the pinned commits (test/training/fixtures/argparse-<engine>.json, shared with Atelier's
registry tests); STANDIN_ARGPARSE_DIR points elsewhere if needed."""
import argparse
import json
import os

_HERE = os.path.dirname(os.path.abspath(__file__))
_DEFAULT_DIR = os.path.join(_HERE, "..", "..", "..", "test", "training", "fixtures")


def _int_or_float(value):
    # musubi's parser_common._int_or_float / sd-scripts' int_or_float: "10", "0.5", "50%".
    if value.endswith("%"):
        return float(value[:-1]) / 100.0
    f = float(value)
    return int(f) if f >= 1 and f.is_integer() else f


_TYPES = {"str": str, "Path": str, "int": int, "float": float, "_int_or_float": _int_or_float, "int_or_float": _int_or_float}


def load_spec(engine, script_key):
    path = os.path.join(os.environ.get("STANDIN_ARGPARSE_DIR", _DEFAULT_DIR), f"argparse-{engine}.json")
    with open(path, encoding="utf-8") as f:
        scripts = json.load(f)["scripts"]
    if script_key not in scripts:
        raise SystemExit(f"stand-in: no argparse table for {script_key} in {path}")
    return scripts[script_key]


def build_parser(prog, spec):
    parser = argparse.ArgumentParser(prog=prog)
    for flag, d in sorted(spec.items()):
        kw = {}
        if d.get("action") == "store_true":
            kw["action"] = "store_true"
        else:
            t = _TYPES.get(d.get("type") or "str", str)
            kw["type"] = t
            if d.get("nargs"):
                kw["nargs"] = d["nargs"]
            if d.get("choices"):
                kw["choices"] = [c for c in d["choices"] if c is not None]
        parser.add_argument(flag, **kw)
    return parser


def parse(engine, script_key, argv):
    return build_parser(os.path.basename(script_key), load_spec(engine, script_key)).parse_args(argv)


def apply_config_file(args):
    """--config_file: a TOML whose sections are flattened; command-line values win (musubi's read_config_from_file)."""
    path = getattr(args, "config_file", None)
    if not path:
        return args
    import tomllib

    with open(path if path.endswith(".toml") else path + ".toml", "rb") as f:
        config = tomllib.load(f)
    flat = {}
    for key, value in config.items():
        if isinstance(value, dict):
            flat.update(value)
        else:
            flat[key] = value
    for key, value in flat.items():
        if getattr(args, key, None) in (None, False):
            setattr(args, key, value)
    return args
