"""Dataset TOML loading and validation with the engines' own rules (musubi-tuner dataset/config_utils.py,
sd-scripts library/config_util.py): unknown keys and wrong types are errors, as voluptuous reports them."""
import glob
import math
import os
import tomllib

IMAGE_EXT = (".png", ".jpg", ".jpeg", ".webp", ".bmp")
VIDEO_EXT = (".mp4", ".avi", ".mov", ".webm", ".mkv")


class Invalid(ValueError):
    pass


_res = (int, list)
MUSUBI_ASCENDABLE = {"caption_extension": str, "batch_size": int, "num_repeats": int, "resolution": _res,
                     "enable_bucket": bool, "bucket_no_upscale": bool}
MUSUBI_IMAGE = {**MUSUBI_ASCENDABLE, "image_directory": str, "image_jsonl_file": str, "cache_directory": str,
                "control_directory": str, "multiple_target": bool, "fp_latent_window_size": int,
                "fp_1f_clean_indices": list, "fp_1f_target_index": int, "fp_1f_no_post": bool,
                "no_resize_control": bool, "control_resolution": _res}
MUSUBI_VIDEO = {**MUSUBI_ASCENDABLE, "video_directory": str, "video_jsonl_file": str, "control_directory": str,
                "target_frames": list, "frame_extraction": str, "frame_stride": int, "frame_sample": int,
                "max_frames": int, "cache_directory": str, "source_fps": float, "fp_latent_window_size": int}

_num = (int, float)
SD_SUBSET_ASCENDABLE = {"color_aug": bool, "face_crop_aug_range": list, "flip_aug": bool, "num_repeats": int,
                        "random_crop": bool, "shuffle_caption": bool, "keep_tokens": int, "keep_tokens_separator": str,
                        "secondary_separator": str, "caption_separator": str, "enable_wildcard": bool,
                        "token_warmup_min": int, "token_warmup_step": _num, "caption_prefix": str,
                        "caption_suffix": str, "custom_attributes": dict, "resize_interpolation": str,
                        "caption_dropout_every_n_epochs": int, "caption_dropout_rate": _num,
                        "caption_tag_dropout_rate": _num, "caption_extension": str, "class_tokens": str,
                        "cache_info": bool}
SD_SUBSET = {**SD_SUBSET_ASCENDABLE, "image_dir": str, "is_reg": bool, "alpha_mask": bool, "metadata_file": str,
             "conditioning_data_dir": str}
SD_DATASET_ASCENDABLE = {"batch_size": int, "bucket_no_upscale": bool, "bucket_reso_steps": int, "enable_bucket": bool,
                         "max_bucket_reso": int, "min_bucket_reso": int, "validation_seed": int,
                         "validation_split": float, "resolution": _res, "network_multiplier": float,
                         "resize_interpolation": str}
SD_DATASET = {**SD_DATASET_ASCENDABLE, **SD_SUBSET_ASCENDABLE, "subsets": list}


def _check(table, schema, where):
    for key, value in table.items():
        if key not in schema:
            raise Invalid(f"extra keys not allowed @ data{where}['{key}']")
        want = schema[key]
        ok = isinstance(value, want) and not (want is int and isinstance(value, bool))
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            ok = False  # voluptuous: float means float ("source_fps must be a float")
        if not ok:
            raise Invalid(f"expected {getattr(want, '__name__', want)} @ data{where}['{key}']")


def _count_files(directory, exts):
    if not os.path.isdir(directory):
        raise Invalid(f"directory not found: {directory}")
    return sorted(p for p in glob.glob(os.path.join(glob.escape(directory), "*")) if p.lower().endswith(exts))


class Dataset:
    """The parts of a dataset a training run depends on: its items (with where their cache goes) and batch shape."""

    def __init__(self, items, batch_size, repeats, resolution, cache_dir):
        self.items = items
        self.batch_size = batch_size
        self.repeats = repeats
        self.resolution = resolution
        self.cache_dir = cache_dir

    @property
    def batches(self):
        return math.ceil(len(self.items) * self.repeats / self.batch_size)


def _resolution(v):
    if isinstance(v, int):
        return (v, v)
    if len(v) != 2 or not all(isinstance(x, int) for x in v):
        raise Invalid("expected a resolution [width, height] @ data['resolution']")
    return tuple(v)


def load(path, engine):
    with open(path, "rb") as f:
        config = tomllib.load(f)
    for key in config:
        if key not in ("general", "datasets"):
            raise Invalid(f"extra keys not allowed @ data['{key}']")
    general = config.get("general", {})
    datasets = config.get("datasets", [])
    if not datasets:
        raise Invalid("no datasets in the dataset config / データセットの設定がありません")
    out = []
    if engine == "musubi-tuner":
        _check(general, MUSUBI_ASCENDABLE, "['general']")
        caches = set()
        for i, d in enumerate(datasets):
            video = "video_directory" in d or "video_jsonl_file" in d
            _check(d, MUSUBI_VIDEO if video else MUSUBI_IMAGE, f"['datasets'][{i}]")
            merged = {**general, **d}
            if video:
                for n in merged.get("target_frames", [1]):
                    if (n - 1) % 4 != 0:
                        raise Invalid(f"target_frames must be N*4+1, got {n} @ data['datasets'][{i}]")
            directory = merged.get("video_directory" if video else "image_directory")
            if directory is not None:
                items = _count_files(directory, VIDEO_EXT if video else IMAGE_EXT)
                if video:
                    items = [f"{p}#{n}" for p in items for n in merged.get("target_frames", [1])]
            else:
                with open(merged.get("video_jsonl_file") or merged["image_jsonl_file"], encoding="utf-8") as f:
                    items = [line for line in f if line.strip()]
            cache = merged.get("cache_directory") or directory
            if cache in caches:
                raise Invalid(f"cache_directory {cache} is used by two datasets; each dataset needs its own")
            caches.add(cache)
            out.append(Dataset(items, merged.get("batch_size", 1), merged.get("num_repeats", 1),
                               _resolution(merged.get("resolution", [960, 544])), cache))
    else:
        _check(general, {k: v for k, v in SD_DATASET.items() if k != "subsets"}, "['general']")
        for i, d in enumerate(datasets):
            _check(d, SD_DATASET, f"['datasets'][{i}]")
            for j, s in enumerate(d.get("subsets", [])):
                _check(s, SD_SUBSET, f"['datasets'][{i}]['subsets'][{j}]")
                if "image_dir" not in s and "metadata_file" not in s:
                    raise Invalid(f"required key not provided @ data['datasets'][{i}]['subsets'][{j}]['image_dir']")
                merged = {**general, **d, **s}
                items = _count_files(s["image_dir"], IMAGE_EXT) if "image_dir" in s else []
                out.append(Dataset(items, merged.get("batch_size", 1), merged.get("num_repeats", 1),
                                   _resolution(merged.get("resolution", 512)), None))
    return out
