"""Trains the sample tile CNN of Self-Supervised Classification: 50 x 50 px RGB tiles of the synthetic
river-corridor images (`deepraster sample-rivers`) -> 5 classes (water, dry sediment, green vegetation,
senescent vegetation, paved road), the class that covers most of the tile.

Trained on the images of --train-seed, evaluated (tile accuracy, on tiles whose majority class covers at
least 90 %) on the images of --eval-seed; both sets have a different exposure, white balance, haze and
season per image. Writes sample-models/river_tile_classifier.dlpk (+ the unpacked .emd/.onnx) and
sample-models/metrics/river_tile_classifier.json. Only Debian's python3-torch, python3-onnx, python3-numpy.

    mvn -o -q -DskipTests package
    /usr/bin/python3 sample-models/training/train_river_tiles.py
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import common  # noqa: E402

NAME = "river_tile_classifier"
TILE = 50
CLASSES = [(1, "Water", (0x28, 0x50, 0xB4)), (2, "Dry sediment", (0xD2, 0xBE, 0x8C)),
           (3, "Green vegetation", (0x3C, 0x96, 0x32)), (4, "Senescent vegetation", (0xB4, 0x8C, 0x3C)),
           (5, "Paved road", (0x60, 0x60, 0x60))]


def rivers(work, seed, count, width, height):
    d = os.path.join(work, "rivers-%d" % seed)
    if not os.path.isfile(os.path.join(d, "river%02d.npy" % count)):
        common.log("generating %d river images of seed %d in %s" % (count, seed, d))
        subprocess.run([os.path.join(common.REPO, "deepraster"), "sample-rivers", "--out", d, "--seed", str(seed),
                        "--count", str(count), "--width", str(width), "--height", str(height), "--npy"], check=True)
    out = []
    for i in range(1, count + 1):
        rgb = np.load(os.path.join(d, "river%02d.npy" % i))
        lab = np.load(os.path.join(d, "SCLS_river%02d.npy" % i))
        out.append((rgb, lab))
    return out


def majority(lab):
    counts = np.bincount(lab.ravel(), minlength=6)[1:6]
    c = int(np.argmax(counts))
    return c, counts[c] / lab.size


def grid_tiles(images, purity):
    xs, ys = [], []
    for rgb, lab in images:
        h, w = lab.shape
        for y in range(0, h - TILE + 1, TILE):
            for x in range(0, w - TILE + 1, TILE):
                c, p = majority(lab[y:y + TILE, x:x + TILE])
                if p >= purity:
                    xs.append(rgb[y:y + TILE, x:x + TILE].transpose(2, 0, 1))
                    ys.append(c)
    return np.stack(xs), np.array(ys)


def random_crops(images, n, rng):
    xs, ys = [], []
    while len(xs) < n:
        rgb, lab = images[rng.integers(len(images))]
        h, w = lab.shape
        y, x = rng.integers(0, h - TILE + 1), rng.integers(0, w - TILE + 1)
        c, p = majority(lab[y:y + TILE, x:x + TILE])
        if p < 0.6:
            continue
        xs.append(rgb[y:y + TILE, x:x + TILE].transpose(2, 0, 1))
        ys.append(c)
    return np.stack(xs), np.array(ys)


def model(torch):
    nn = torch.nn

    def block(i, o, stride):
        return [nn.Conv2d(i, o, 3, stride, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True)]

    return nn.Sequential(*block(3, 16, 1), *block(16, 32, 2), *block(32, 32, 1), *block(32, 64, 2),
                         *block(64, 64, 2), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(64, 5))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default=common.DEFAULT_WORK)
    ap.add_argument("--train-seed", type=int, default=1)
    ap.add_argument("--train-count", type=int, default=8)
    ap.add_argument("--eval-seed", type=int, default=2)
    ap.add_argument("--eval-count", type=int, default=4)
    ap.add_argument("--width", type=int, default=1200)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--minutes", type=float, default=5)
    ap.add_argument("--color-jitter", action="store_true",
                    help="random lighting on the training tiles (off by default: the images' own radiometry varies,"
                         " and phase 2 of the tool is there to adapt to a new image)")
    ap.add_argument("--out", default=common.SAMPLE_MODELS)
    a = ap.parse_args()
    torch = common.setup_torch(0)
    rng = np.random.default_rng(0)
    train = rivers(a.work, a.train_seed, a.train_count, a.width, a.height)
    evaluation = rivers(a.work, a.eval_seed, a.eval_count, a.width, a.height)
    ex, ey = grid_tiles(evaluation, 0.9)
    common.log("training on %d images of seed %d, evaluating on %d tiles of seed %d" % (len(train), a.train_seed, len(ey),
                                                                                        a.eval_seed))
    net = model(torch)
    opt = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=1e-4)
    sched = common.Schedule(opt, 3e-3, a.steps, a.minutes)
    t0 = time.time()
    loss_fn = torch.nn.CrossEntropyLoss()
    while not sched.done():
        x, y = random_crops(train, 64, rng)
        if rng.random() < 0.5:
            x = x[:, :, :, ::-1]
        if rng.random() < 0.5:
            x = x[:, :, ::-1, :]
        if a.color_jitter:
            x = common.photometric_jitter(np.ascontiguousarray(x), rng)
        xb = torch.from_numpy(common.normalize(np.ascontiguousarray(x)))
        yb = torch.from_numpy(y).long()
        net.train()
        sched.step()
        loss = loss_fn(net(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if sched.step_no % 100 == 0:
            common.log("step %d loss %.3f" % (sched.step_no, loss.item()))
    train_s = time.time() - t0
    net.eval()
    with torch.no_grad():
        pred = np.concatenate([net(torch.from_numpy(common.normalize(ex[i:i + 256]))).argmax(1).numpy()
                               for i in range(0, len(ex), 256)])
    acc = float((pred == ey).mean())
    names = [n for _, n, _ in CLASSES]
    tp = [int(((pred == c) & (ey == c)).sum()) for c in range(5)]
    fp = [int(((pred == c) & (ey != c)).sum()) for c in range(5)]
    fn = [int(((pred != c) & (ey == c)).sum()) for c in range(5)]
    lines, table = common.prf_table(names, tp, fp, fn)
    common.log("tile accuracy %.4f on seed %d" % (acc, a.eval_seed))
    for line in lines:
        common.log(line)
    onnx_path = os.path.join(a.work, NAME + ".onnx")
    common.export_onnx(torch, net, torch.zeros(1, 3, TILE, TILE), onnx_path, "scores", output_shape=[5])
    emd = {
        "Framework": "ONNX", "ModelConfiguration": "FeatureClassifier", "ModelType": "ObjectClassification",
        "ModelName": "River tile classifier (DeepRaster sample)", "Version": "1.0",
        "ImageHeight": TILE, "ImageWidth": TILE, "ExtractBands": [0, 1, 2], "ModelFormat": "NCHW",
        "CropSizeFixed": 1, "BlackenAroundFeature": 0, "ImageSpaceUsed": "MAP_SPACE", "MetaDataMode": "Labeled_Tiles",
        "NormalizationStats": common.normalization_stats(),
        "Classes": common.classes_json(CLASSES),
        "ModelParameters": {"backbone": "small CNN (5 conv layers, global average pool), trained from scratch",
                            "training_data": "sample-rivers seed %d, %d images of %d x %d px" % (
                                a.train_seed, a.train_count, a.width, a.height)},
        "accuracy": round(acc, 4), "per_class_metrics": table,
    }
    common.write_package(a.out, NAME, emd, onnx_path)
    common.write_metrics(NAME, {"tile_accuracy": acc, "eval_seed": a.eval_seed, "eval_tiles": int(len(ey)),
                                "per_class": table, "training_seconds": round(train_s), "steps": sched.step_no,
                                "command": common.command_line()}, None if a.out == common.SAMPLE_MODELS else a.out)


if __name__ == "__main__":
    main()
