"""Model-file flags: every one given must name an existing file, or the run fails the way the engines do
(FileNotFoundError from the loader, with the path)."""
import os

MODEL_FLAGS = ("dit", "dit_high_noise", "vae", "text_encoder", "text_encoder1", "text_encoder2", "t5", "clip",
               "network_weights", "pretrained_model_name_or_path", "clip_l", "clip_g", "t5xxl", "ae")


def _looks_like_path(value):
    # sd-scripts also accepts a Hugging Face repo id for the base model; only paths are checked.
    return any(s in value for s in ("/", "\\")) or value.endswith((".safetensors", ".ckpt", ".pt", ".pth", ".bin"))


def check(args):
    for flag in MODEL_FLAGS:
        value = getattr(args, flag, None)
        if isinstance(value, str) and value and _looks_like_path(value) and not os.path.exists(value):
            raise FileNotFoundError(2, "No such file or directory", value)
