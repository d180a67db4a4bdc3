#!/usr/bin/env python3
"""Independent reference for config-driven tagger preprocessing (tests only): imgutils' pillow stages as
deepghs' preprocess.json lists them (convert_rgb, resize, center_crop, to_tensor, normalize), with PIL and
numpy, then the tiny test model (test/models/tiny-image-model.ts): sigmoid of each channel's mean over each
quarter, channel-major. EXIF orientation is applied first, as Atelier does for every tagger.

Usage: config_preprocess_ref.py CONFIG_JSON OUT_JSON IMAGE...
"""
import json, sys

import numpy as np
from PIL import Image, ImageOps

FILTERS = {'nearest': Image.NEAREST, 'bilinear': Image.BILINEAR, 'bicubic': Image.BICUBIC, 'lanczos': Image.LANCZOS}


def load(path, background):
    img = ImageOps.exif_transpose(Image.open(path))
    if img.mode in ('RGBA', 'LA', 'P') or 'transparency' in img.info:
        rgba = img.convert('RGBA')
        canvas = Image.new('RGBA', rgba.size, background)
        return Image.alpha_composite(canvas, rgba).convert('RGB')
    return img.convert('RGB')


def prepare(path, stages):
    background = next((s.get('force_background', 'white') for s in stages if s['type'] == 'convert_rgb'), 'white')
    img, arr = load(path, background), None
    for s in stages:
        t = s['type']
        if t == 'resize':
            w, h = img.size
            size = s['size']
            if isinstance(size, int):
                ow, oh = (size, int(size * h / w)) if w < h else (int(size * w / h), size)
            else:
                ow, oh = size[1], size[0]
            if (ow, oh) != (w, h):
                img = img.resize((ow, oh), FILTERS[s.get('interpolation', 'bilinear')])
        elif t == 'center_crop':
            ch, cw = (s['size'], s['size']) if isinstance(s['size'], int) else s['size']
            w, h = img.size
            if w < cw or h < ch:
                pw, ph = max(cw - w, 0), max(ch - h, 0)
                padded = Image.new('RGB', (w + pw, h + ph), (0, 0, 0))
                padded.paste(img, (pw // 2, ph // 2))
                img, (w, h) = padded, padded.size
            left, top = (w - cw) // 2, (h - ch) // 2
            img = img.crop((left, top, left + cw, top + ch))
        elif t in ('to_tensor', 'maybe_to_tensor'):
            arr = np.asarray(img, dtype=np.float32).transpose(2, 0, 1) / 255
        elif t == 'normalize':
            mean = np.array(s['mean'], np.float32).reshape(-1, 1, 1)
            std = np.array(s['std'], np.float32).reshape(-1, 1, 1)
            arr = (arr - mean) / std
    return arr


def tiny_model(arr):
    _, h, w = arr.shape
    out = []
    for c in range(3):
        for qy in range(2):
            for qx in range(2):
                out.append(arr[c, qy * h // 2:(qy + 1) * h // 2, qx * w // 2:(qx + 1) * w // 2].mean())
    return (1 / (1 + np.exp(-np.array(out)))).tolist()


config, out_path, images = sys.argv[1], sys.argv[2], sys.argv[3:]
stages = json.load(open(config))['stages']
json.dump({p: tiny_model(prepare(p, stages)) for p in images}, open(out_path, 'w'))
