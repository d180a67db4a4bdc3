"""The caching scripts (musubi-tuner *_cache_latents.py, *_cache_text_encoder_outputs.py): one cache file per
item in the dataset's cache directory, `--skip_existing` honoured, progress as a tqdm bar without a description."""
import os
import time

from . import dataset, faults, models
from .artifacts import write_safetensors
from .console import info
from .progress import Bar


def cache_file(ds, item, arch, kind):
    stem = os.path.splitext(os.path.basename(item.split("#")[0]))[0]
    if "#" in item:
        stem += "_" + item.split("#")[1].rjust(3, "0") + "f"
    if kind == "latents":
        w, h = ds.resolution
        return os.path.join(ds.cache_dir, f"{stem}_{w:04d}x{h:04d}_{arch}.safetensors")
    return os.path.join(ds.cache_dir, f"{stem}_{arch}_te.safetensors")


def run(engine, arch, kind, args):
    faults.at_start()
    if not args.dataset_config:
        raise ValueError("--dataset_config is required / --dataset_configが必要です")
    models.check(args)
    datasets = dataset.load(args.dataset_config, engine)
    info(f"Load dataset config from {args.dataset_config}")
    work = [(ds, item) for ds in datasets for item in ds.items]
    bar = Bar(len(work))
    written = skipped = 0
    for ds, item in work:
        path = cache_file(ds, item, arch, kind)
        if args.skip_existing and os.path.exists(path):
            skipped += 1
        else:
            os.makedirs(ds.cache_dir, exist_ok=True)
            time.sleep(faults.item_ms() / 1000)
            write_safetensors(path, {"source": item}, {"x": [0.0]})
            written += 1
        bar.update(1)
    bar.close()
    info(f"cached {written} items, skipped {skipped} existing")
