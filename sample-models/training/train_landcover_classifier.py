"""Trains the land-cover pixel classifier (ModelType ImageClassification) and writes it twice: as an
.emd/.dlpk package and as a self-describing ONNX with Deepness metadata.

A small U-Net (stride 8, skip connections at every level) on random crops of sample scenes of the
training seeds (flips, 90-degree rotations and random lighting: common.photometric_jitter), labels
from landcover.tif (1 bare, 2 grass, 3 road, 4 building, 5 tree, 6 water; 0 is NoData and ignored);
output [N, 6, H, W] logits, channel i = the i-th class. Evaluated per pixel on a scene of another seed,
tiled as the Classify Pixels tool does (256 px tiles, 32 px padding discarded).

    /usr/bin/python3 sample-models/training/train_landcover_classifier.py
    /usr/bin/python3 sample-models/training/train_landcover_classifier.py --from-export DIR   # Classified_Tiles
"""
import argparse
import json
import os
import shutil
import time

import numpy as np

import common

NAME = "landcover_classifier"
DEEPNESS_NAME = "landcover_classifier_deepness.onnx"
CHIP = 256
CROP = 128
PAD = 32
N = len(common.LAND_COVER)
NAMES = [c[1] for c in common.LAND_COVER]


def build_model(torch):
    nn = torch.nn
    F = torch.nn.functional

    def cbr(i, o, s=1, d=1):
        return nn.Sequential(nn.Conv2d(i, o, 3, stride=s, padding=d, dilation=d, bias=False),
                             nn.BatchNorm2d(o), nn.ReLU(inplace=True))

    def reduce(i, o):
        return nn.Sequential(nn.Conv2d(i, o, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True), cbr(o, o))

    class UNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.e0 = cbr(3, 12)
            self.e1 = nn.Sequential(cbr(12, 24, 2), cbr(24, 24))
            self.e2 = nn.Sequential(cbr(24, 48, 2), cbr(48, 48))
            self.e3 = nn.Sequential(cbr(48, 64, 2), cbr(64, 64, d=2), cbr(64, 64, d=4))
            self.d2 = reduce(64 + 48, 48)
            self.d1 = reduce(48 + 24, 24)
            self.d0 = reduce(24 + 12, 16)
            self.head = nn.Conv2d(16, N, 1)

        def forward(self, x):
            e0 = self.e0(x)
            e1 = self.e1(e0)
            e2 = self.e2(e1)
            e3 = self.e3(e2)
            up = lambda t: F.interpolate(t, scale_factor=2.0, mode="nearest")
            d2 = self.d2(torch.cat([up(e3), e2], 1))
            d1 = self.d1(torch.cat([up(d2), e1], 1))
            d0 = self.d0(torch.cat([up(d1), e0], 1))
            return self.head(d0)

    return UNet()


class Source:
    """RGB (H, W, 3 uint8) and labels (H, W): class index 0..N-1, -1 for NoData."""

    def __init__(self, rgb, labels):
        self.rgb = rgb
        self.labels = labels
        rng = np.random.default_rng(1)
        self.where = []
        for k in range(N):  # a sample of each class's pixels, to draw crops around rare classes
            ys, xs = np.nonzero(labels[::4, ::4] == k)
            sel = rng.permutation(len(ys))[:20000]
            self.where.append(np.stack([ys[sel] * 4, xs[sel] * 4], 1))


def scene_source(scene):
    values = np.array([v for v, _, _ in common.LAND_COVER])
    lut = np.full(256, -1, np.int64)
    lut[values] = np.arange(N)
    return Source(scene.rgb, lut[scene.landcover].astype(np.int8))


def export_sources(folder):
    """Classified_Tiles export: images/ + labels/ single-band rasters of class values."""
    from PIL import Image
    values = [v for v, _, _ in common.LAND_COVER]
    lut = np.full(256, -1, np.int64)
    lut[values] = np.arange(N)
    out = []
    for img, lab in common.export_pairs(folder):
        if lab.endswith(".xml") or lab.endswith(".txt"):
            continue
        labels = np.asarray(Image.open(lab)).astype(np.int64)
        out.append(Source(common.read_image(img), lut[np.clip(labels, 0, 255)].astype(np.int8)))
    if not out:
        raise SystemExit("no Classified_Tiles label rasters found in " + folder)
    return out


def batch_of(sources, n, rng):
    imgs, labs = [], []
    for _ in range(n):
        src = sources[rng.integers(len(sources))]
        h, w = src.labels.shape
        present = [k for k in range(N) if len(src.where[k])]
        if rng.random() < 0.5 and present:
            k = present[rng.integers(len(present))]
            cy, cx = src.where[k][rng.integers(len(src.where[k]))]
            y0, x0 = cy - rng.integers(CROP), cx - rng.integers(CROP)
        else:
            y0, x0 = rng.integers(0, max(1, h - CROP)), rng.integers(0, max(1, w - CROP))
        y0 = int(min(max(0, y0), max(0, h - CROP)))
        x0 = int(min(max(0, x0), max(0, w - CROP)))
        img = np.zeros((CROP, CROP, 3), np.uint8)
        lab = np.full((CROP, CROP), -1, np.int8)
        pi = src.rgb[y0:y0 + CROP, x0:x0 + CROP]
        img[:pi.shape[0], :pi.shape[1]] = pi
        lab[:pi.shape[0], :pi.shape[1]] = src.labels[y0:y0 + CROP, x0:x0 + CROP]
        img = img.transpose(2, 0, 1)
        if rng.random() < 0.5:
            img, lab = img[:, :, ::-1], lab[:, ::-1]
        k = int(rng.integers(4))
        img, lab = np.rot90(img, k, axes=(1, 2)), np.rot90(lab, k)
        imgs.append(np.ascontiguousarray(img))
        labs.append(np.ascontiguousarray(lab))
    return np.stack(imgs), np.stack(labs).astype(np.int64)


def classify_scene(torch, model, rgb):
    """Class index per pixel, tiles of CHIP with PAD pixels of context discarded."""
    model.eval()
    h, w = rgb.shape[:2]
    core = CHIP - 2 * PAD
    padded = np.pad(rgb, ((PAD, CHIP), (PAD, CHIP), (0, 0)))
    out = np.zeros((h + CHIP, w + CHIP), np.int8)
    tiles = [(x, y) for y in range(0, h, core) for x in range(0, w, core)]
    with torch.no_grad():
        for i in range(0, len(tiles), 8):
            part = tiles[i:i + 8]
            x = np.stack([padded[y:y + CHIP, x:x + CHIP].transpose(2, 0, 1) for x, y in part])
            pred = model(torch.from_numpy(common.normalize(x))).argmax(1).numpy()
            for (tx, ty), p in zip(part, pred):
                out[ty:ty + core, tx:tx + core] = p[PAD:PAD + core, PAD:PAD + core]
    return out[:h, :w]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default=common.DEFAULT_WORK, help="folder for generated scenes")
    ap.add_argument("--train-seeds", default="1,2,3")
    ap.add_argument("--eval-seed", type=int, default=101)
    ap.add_argument("--size", type=int, default=4096, help="scene size in pixels")
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--minutes", type=float, default=9.0, help="stop training after this long")
    ap.add_argument("--no-color-jitter", action="store_true",
                    help="no random contrast, exposure, white balance and haze on the training crops")
    ap.add_argument("--from-export", help="train from an Export Training Data folder (Classified_Tiles)")
    ap.add_argument("--out", default=common.SAMPLE_MODELS)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)  # before hours of training, not after
    torch = common.setup_torch(0)
    rng = np.random.default_rng(0)
    t_start = time.time()

    if args.from_export:
        sources = export_sources(args.from_export)
        source = "export folder " + args.from_export
    else:
        sources = [scene_source(common.Scene(common.ensure_scene(args.work, s, args.size)))
                   for s in [int(x) for x in args.train_seeds.split(",")]]
        source = "sample scenes, seeds " + args.train_seeds
    counts = sum(np.bincount(s.labels[s.labels >= 0].ravel(), minlength=N) for s in sources).astype(np.float64)
    common.log("training pixels per class:", dict(zip(NAMES, counts.astype(int).tolist())))
    eval_scene = common.Scene(common.ensure_scene(args.work, args.eval_seed, args.size))
    eval_labels = scene_source(eval_scene).labels

    model = build_model(torch)
    freq = counts / counts.sum()
    weight = torch.tensor((1 / np.sqrt(np.maximum(freq, 1e-4))) / (1 / np.sqrt(np.maximum(freq, 1e-4))).mean(),
                          dtype=torch.float32)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weight, ignore_index=-1)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    sched = common.Schedule(opt, 3e-3, args.steps, args.minutes)
    t_train = time.time()
    run = 0.0
    for step in range(args.steps):
        model.train()
        sched.step()
        img, lab = batch_of(sources, args.batch, rng)
        if not args.no_color_jitter:
            img = common.photometric_jitter(img, rng)
        loss = loss_fn(model(torch.from_numpy(common.normalize(img))), torch.from_numpy(lab))
        opt.zero_grad()
        loss.backward()
        opt.step()
        run = 0.98 * run + 0.02 * float(loss) if step else float(loss)
        if step % 100 == 0:
            common.log("step %d loss %.4f (%.0f s)" % (step, run, time.time() - t_train))
        if sched.done():
            common.log("training schedule done at step", step)
            break
    train_s = time.time() - t_train

    pred = classify_scene(torch, model, eval_scene.rgb)
    valid = eval_labels >= 0
    p, g = pred[valid].astype(np.int64), eval_labels[valid].astype(np.int64)
    tp = [int(((p == k) & (g == k)).sum()) for k in range(N)]
    fp = [int(((p == k) & (g != k)).sum()) for k in range(N)]
    fn = [int(((p != k) & (g == k)).sum()) for k in range(N)]
    lines, rows = common.prf_table(NAMES, tp, fp, fn, iou=True)
    acc = float((p == g).mean())
    print("\nEvaluation on scene seed %d (%d pixels, never seen in training): pixel accuracy %.4f"
          % (args.eval_seed, len(g), acc))
    print("\n".join(lines))

    onnx_path = os.path.join(args.out, NAME + ".tmp.onnx")
    common.export_onnx(torch, model, torch.zeros(1, 3, CHIP, CHIP), onnx_path, "logits", output_shape=[N, CHIP, CHIP])
    deepness_path = os.path.join(args.out, DEEPNESS_NAME)
    shutil.copyfile(onnx_path, deepness_path)
    emd = {
        "Framework": "ONNX",
        "ModelConfiguration": "UnetClassifier",
        "ModelType": "ImageClassification",
        "ModelName": "Land-cover classifier (DeepRaster sample)",
        "Version": "1.0",
        "ModelFile": NAME + ".onnx",
        "ImageHeight": CHIP,
        "ImageWidth": CHIP,
        "ExtractBands": [0, 1, 2],
        "ModelFormat": "NCHW",
        "ModelPadding": 0,
        "ImageSpaceUsed": "MAP_SPACE",
        "NormalizationStats": common.normalization_stats(),
        "MinCellSize": {"x": 0.3, "y": 0.3, "spatialReference": {"wkid": 32633}},
        "MaxCellSize": {"x": 0.3, "y": 0.3, "spatialReference": {"wkid": 32633}},
        "Classes": [{"Value": v, "Name": n, "Color": list(c)} for v, n, c in common.LAND_COVER],
        "ModelArguments": [
            {"name": "padding", "dataType": "numeric", "value": PAD, "required": False,
             "displayName": "Padding", "description": "pixels of context around each tile, discarded"},
            {"name": "batch_size", "dataType": "numeric", "value": 4, "required": False,
             "displayName": "Batch size"},
        ],
        "ModelParameters": {"backbone": "small U-Net (stride 8), trained from scratch", "training_data": source},
        "accuracy": round(acc, 4),
        "per_class_metrics": rows,
    }
    common.write_package(args.out, NAME, emd, onnx_path)
    metadata = {
        "model_type": json.dumps("Segmentor"),
        "class_names": json.dumps({str(i): n for i, n in enumerate(NAMES)}),
        "resolution": json.dumps(30),
        "tiles_size": json.dumps(CHIP),
        "tiles_overlap": json.dumps(25),
        "standardization_mean": json.dumps(common.MEAN),
        "standardization_std": json.dumps(common.STD),
        "seg_thresh": json.dumps(0.5),
        "seg_small_segment": json.dumps(9),
    }
    import onnx
    m = onnx.load(deepness_path)
    del m.metadata_props[:]
    for k, v in metadata.items():
        prop = m.metadata_props.add()
        prop.key, prop.value = k, v
    m.doc_string = "DeepRaster sample land-cover classifier (Deepness metadata)"
    onnx.save(m, deepness_path)
    common.log("wrote %s (%d bytes)" % (deepness_path, os.path.getsize(deepness_path)))
    common.write_metrics(NAME, out=args.out, data={"command": common.command_line(), "training_source": source,
                                "training_seconds": round(train_s), "total_seconds": round(time.time() - t_start),
                                "steps_done": step + 1, "color_jitter": not args.no_color_jitter,
                                "eval_seed": args.eval_seed, "eval_pixels": int(len(g)),
                                "pixel_accuracy": round(acc, 4), "per_class": rows})


if __name__ == "__main__":
    main()
