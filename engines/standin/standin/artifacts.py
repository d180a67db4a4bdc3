"""Files a training run leaves behind, in the engines' formats and names: LoRA checkpoints (real .safetensors with
the ss_steps / ss_epoch metadata both engines write) and sample images (real PNGs). State folders are written by
accelerate's save_state (site-packages/accelerate)."""
import json
import os
import struct
import time
import zlib

EPOCH_FILE = "{}-{:06d}"
STEP_FILE = "{}-step{:08d}"
EPOCH_STATE = "{}-{:06d}-state"
STEP_STATE = "{}-step{:08d}-state"
LAST_STATE = "{}-state"


def write_safetensors(path, metadata, values):
    """A valid safetensors file: u64 header length, JSON header (with __metadata__), then F32 tensor data."""
    header = {"__metadata__": {k: str(v) for k, v in metadata.items()}}
    offset = 0
    data = b""
    for name, vals in values.items():
        raw = struct.pack(f"<{len(vals)}f", *vals)
        header[name] = {"dtype": "F32", "shape": [len(vals)], "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        data += raw
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * (-len(h) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + data)
    os.replace(tmp, path)


def read_safetensors(path):
    """The F32 tensors of a file write_safetensors wrote, by name."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name != "__metadata__":
            a, b = t["data_offsets"]
            out[name] = list(struct.unpack(f"<{(b - a) // 4}f", data[a:b]))
    return out


def save_checkpoint(output_dir, name, weights, steps, epoch):
    os.makedirs(output_dir, exist_ok=True)
    path = os.path.join(output_dir, name + ".safetensors")
    print(f"\nsaving checkpoint: {path}", flush=True)
    write_safetensors(path, {"ss_steps": steps, "ss_epoch": epoch, "ss_training_finished_at": time.time()},
                      {"lora_unet_standin.lora_down.weight": weights})
    return path


def _png(width, height, rgb):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


def read_prompts(path):
    """One prompt per line, '#' comments (the sample prompt file of both engines); returns (prompt, seed|None)."""
    prompts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            seed = None
            parts = line.split(" --")
            for p in parts[1:]:
                if p.startswith("d "):
                    seed = int(p[2:].strip())
            prompts.append((parts[0], seed))
    return prompts


def save_samples(output_dir, output_name, prompts, epoch, steps, shade):
    """{output_dir}/sample/{name}_{e000001|000100}_{idx:02d}_{YYYYmmddHHMMSS}[_{seed}].png"""
    sample_dir = os.path.join(output_dir, "sample")
    os.makedirs(sample_dir, exist_ok=True)
    num_suffix = f"e{epoch:06d}" if epoch is not None else f"{steps:06d}"
    ts = time.strftime("%Y%m%d%H%M%S", time.localtime())
    paths = []
    for i, (_prompt, seed) in enumerate(prompts):
        seed_suffix = "" if seed is None else f"_{seed}"
        path = os.path.join(sample_dir, f"{output_name}_{num_suffix}_{i:02d}_{ts}{seed_suffix}.png")
        level = max(0, min(255, int(255 * shade)))
        with open(path + ".tmp", "wb") as f:
            f.write(_png(16, 16, (level, 128, 255 - level)))
        os.replace(path + ".tmp", path)
        paths.append(path)
    return paths
