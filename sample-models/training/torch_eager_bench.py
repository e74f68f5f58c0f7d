#!/usr/bin/python3
"""PyTorch eager beside ONNX Runtime, for `deepraster benchmark deeplabv3`: runs the DeepLabV3 that
export_deeplabv3.py built (the same state dict as the ONNX file) on the tiles the Java benchmark has
already read and normalised, with the same batch size and thread count, and compares its logits with
the ONNX Runtime logits of the same tiles.

    /usr/bin/python3 sample-models/training/torch_eager_bench.py --weights DIR/deeplabv3.pt
        --backbone mobilenet_v3_large --classes 8 --size 512 --tiles TILES.f32 --count N
        [--batch 2] [--threads 2] [--onnx-logits LOGITS.f32 [--compare M]]

TILES.f32: N x 3 x SIZE x SIZE float32, native byte order (what the model gets, normalised);
LOGITS.f32: M x CLASSES x SIZE x SIZE float32 (M = --compare, default N), ONNX Runtime's output for the first M
tiles. One batch is run
first untimed (as the Java side warms ONNX Runtime), then every batch once, under torch.inference_mode().
The last line is `TORCH_EAGER_RESULT {json}` with tiles, wall_s, cpu_s (this process, every thread:
time.process_time), threads, batch, max_abs_diff and max_abs_logit (null without --onnx-logits),
torch (the version). Needs Debian's python3-torch, python3-torchvision and python3-numpy; downloads nothing.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_deeplabv3  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", required=True)
    ap.add_argument("--backbone", default="mobilenet_v3_large", choices=sorted(export_deeplabv3.BACKBONES))
    ap.add_argument("--classes", type=int, default=8)
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--tiles", required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--onnx-logits")
    ap.add_argument("--compare", type=int, help="tiles in --onnx-logits (default: all)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    model = export_deeplabv3.build(a.backbone, a.classes)
    model.load_state_dict(torch.load(a.weights, map_location="cpu"))
    model.eval()
    x = torch.from_numpy(np.fromfile(a.tiles, dtype=np.float32).reshape(a.count, 3, a.size, a.size))
    outs = []
    with torch.inference_mode():
        model(x[:a.batch])  # warm-up, untimed
        t0 = time.perf_counter()
        c0 = time.process_time()
        for i in range(0, a.count, a.batch):
            outs.append(model(x[i:i + a.batch]))
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0
    diff = None
    peak = None
    if a.onnx_logits:
        m = a.compare if a.compare is not None else a.count
        ref = np.fromfile(a.onnx_logits, dtype=np.float32).reshape(m, a.classes, a.size, a.size)
        got = torch.cat(outs)[:m].numpy()
        diff = float(np.abs(got - ref).max())
        peak = float(np.abs(ref).max())
    print("TORCH_EAGER_RESULT " + json.dumps({
        "tiles": a.count, "wall_s": wall, "cpu_s": cpu, "threads": torch.get_num_threads(), "batch": a.batch,
        "max_abs_diff": diff, "max_abs_logit": peak, "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()
