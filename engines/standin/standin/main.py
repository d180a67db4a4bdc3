"""Entry point of every stand-in script: the script's file name says which engine script it plays."""
import os
import sys

from . import cache, flags, trainer

SCRIPTS = {
    "qwen_image_train_network.py": ("train", "qi"),
    "wan_train_network.py": ("train", "wan"),
    "flux_kontext_train_network.py": ("train", "fk"),
    "qwen_image_cache_latents.py": ("latents", "qi"),
    "wan_cache_latents.py": ("latents", "wan"),
    "flux_kontext_cache_latents.py": ("latents", "fk"),
    "qwen_image_cache_text_encoder_outputs.py": ("text_encoder", "qi"),
    "wan_cache_text_encoder_outputs.py": ("text_encoder", "wan"),
    "flux_kontext_cache_text_encoder_outputs.py": ("text_encoder", "fk"),
    "train_network.py": ("train", "sd"),
    "sdxl_train_network.py": ("train", "sdxl"),
    "flux_train_network.py": ("train", "flux"),
}


def main(script_file):
    path = os.path.abspath(script_file)
    name = os.path.basename(path)
    engine = "musubi-tuner" if "musubi_tuner" in path.split(os.sep) else "sd-scripts"
    key = f"src/musubi_tuner/{name}" if engine == "musubi-tuner" else name
    args = flags.apply_config_file(flags.parse(engine, key, sys.argv[1:]))
    mode, arch = SCRIPTS[name]
    if mode == "train":
        trainer.train(engine, arch, args)
    else:
        cache.run(engine, arch, mode, args)
