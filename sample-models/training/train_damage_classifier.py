"""Trains the building damage classifier (ModelType ObjectClassification, FeatureClassifier).

Chips of CHIP x CHIP pixels centred on each footprint's bounding-box centre (CropSizeFixed 1,
BlackenAroundFeature 0) from sample scenes of the training seeds; labels from the `damage` attribute of
ground_truth.gpkg. Evaluates on a scene of another seed, exports ONNX ([N,3,CHIP,CHIP] -> logits [N,2]),
writes the .emd and packs the .dlpk.

    /usr/bin/python3 sample-models/training/train_damage_classifier.py
    /usr/bin/python3 sample-models/training/train_damage_classifier.py --from-export DIR   # Labeled_Tiles
"""
import argparse
import glob
import os
import time

import numpy as np

import common

NAME = "building_damage_classifier"
CLASSES = [(0, "damaged", (230, 60, 40)), (1, "undamaged", (60, 160, 80))]
CHIP = 96


def footprint_chips(scene, jitter=0, rng=None):
    """(chips uint8 [N,3,CHIP,CHIP], labels [N]) for every building of the scene."""
    h, w = scene.size
    pad = CHIP
    padded = np.pad(scene.rgb, ((pad, pad), (pad, pad), (0, 0)))
    chips, labels = [], []
    names = [c[1] for c in CLASSES]
    for value, rings in scene.polygons("buildings", "damage"):
        pts = np.concatenate(rings)
        cx = (pts[:, 0].min() + pts[:, 0].max()) / 2
        cy = (pts[:, 1].min() + pts[:, 1].max()) / 2
        if jitter and rng is not None:
            cx += rng.uniform(-jitter, jitter)
            cy += rng.uniform(-jitter, jitter)
        x0 = int(round(cx - CHIP / 2)) + pad
        y0 = int(round(cy - CHIP / 2)) + pad
        chips.append(padded[y0:y0 + CHIP, x0:x0 + CHIP].transpose(2, 0, 1))
        labels.append(names.index(value))
    return np.stack(chips), np.array(labels, np.int64)


def export_chips(folder):
    """Labeled_Tiles export: images/ + labels/ (PASCAL VOC xml whose object name is the tile's class)."""
    names = [c[1] for c in CLASSES]
    chips, labels = [], []
    for img, lab in common.export_pairs(folder):
        objs = common.read_voc(lab) if lab.endswith(".xml") else []
        if not objs or objs[0][4] not in names:
            continue
        a = common.read_image(img)
        # resize to the model's chip (nearest) when the export used another tile size
        from PIL import Image
        if a.shape[0] != CHIP or a.shape[1] != CHIP:
            a = np.asarray(Image.fromarray(a).resize((CHIP, CHIP), Image.NEAREST))
        chips.append(a.transpose(2, 0, 1))
        labels.append(names.index(objs[0][4]))
    if not chips:
        raise SystemExit("no labelled tiles with classes %s found in %s" % (names, folder))
    return np.stack(chips), np.array(labels, np.int64)


def build_model(torch):
    nn = torch.nn

    def block(i, o, s=1):
        return nn.Sequential(nn.Conv2d(i, o, 3, stride=s, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))

    return nn.Sequential(
        block(3, 16, 2),                           # 48
        block(16, 32, 2), block(32, 32),           # 24
        nn.MaxPool2d(2), block(32, 64), block(64, 64),  # 12
        nn.MaxPool2d(2), block(64, 96),            # 6
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(96, 2))


def augment(batch, rng):
    """Random flips and 90-degree rotations (the scene's buildings have any orientation); the training
    loop adds common.photometric_jitter (each scene has its own lighting)."""
    out = np.empty_like(batch)
    for i in range(len(batch)):
        a = batch[i]
        if rng.random() < 0.5:
            a = a[:, :, ::-1]
        a = np.rot90(a, rng.integers(4), axes=(1, 2))
        out[i] = a
    return out


def evaluate(torch, model, chips, labels):
    model.eval()
    preds = []
    with torch.no_grad():
        for i in range(0, len(chips), 128):
            x = torch.from_numpy(common.normalize(chips[i:i + 128]))
            preds.append(model(x).argmax(1).numpy())
    pred = np.concatenate(preds)
    names = [c[1] for c in CLASSES]
    tp = [int(((pred == k) & (labels == k)).sum()) for k in range(2)]
    fp = [int(((pred == k) & (labels != k)).sum()) for k in range(2)]
    fn = [int(((pred != k) & (labels == k)).sum()) for k in range(2)]
    lines, rows = common.prf_table(names, tp, fp, fn)
    acc = float((pred == labels).mean())
    return acc, lines, rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default=common.DEFAULT_WORK, help="folder for generated scenes")
    ap.add_argument("--train-seeds", default="1,2,3")
    ap.add_argument("--eval-seed", type=int, default=101)
    ap.add_argument("--size", type=int, default=4096, help="scene size in pixels")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--copies", type=int, default=1, help="jittered chips per building")
    ap.add_argument("--minutes", type=float, default=9.0, help="stop training after this long")
    ap.add_argument("--no-color-jitter", action="store_true",
                    help="no random contrast, exposure, white balance and haze on the training chips")
    ap.add_argument("--from-export", help="train from an Export Training Data folder (Labeled_Tiles)")
    ap.add_argument("--out", default=common.SAMPLE_MODELS)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)  # before hours of training, not after
    torch = common.setup_torch(0)
    rng = np.random.default_rng(0)
    t_start = time.time()

    if args.from_export:
        chips, labels = export_chips(args.from_export)
        source = "export folder " + args.from_export
    else:
        parts = []
        for s in [int(x) for x in args.train_seeds.split(",")]:
            scene = common.Scene(common.ensure_scene(args.work, s, args.size))
            # jittered copies of each building: the chip centre need not be exact
            for _ in range(args.copies):
                parts.append(footprint_chips(scene, jitter=4, rng=rng))
        chips = np.concatenate([p[0] for p in parts])
        labels = np.concatenate([p[1] for p in parts])
        source = "sample scenes, seeds " + args.train_seeds
    common.log("training chips:", len(chips), "damaged:", int((labels == 0).sum()), "undamaged:", int((labels == 1).sum()))
    eval_scene = common.Scene(common.ensure_scene(args.work, args.eval_seed, args.size))
    ev_chips, ev_labels = footprint_chips(eval_scene)
    common.log("evaluation chips (seed %d):" % args.eval_seed, len(ev_chips))

    model = build_model(torch)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    batch = 64
    steps_per_epoch = (len(chips) + batch - 1) // batch
    sched = common.Schedule(opt, 3e-3, args.epochs * steps_per_epoch, args.minutes)
    # class weights: damaged buildings are the minority
    counts = np.bincount(labels, minlength=2).astype(np.float32)
    weight = torch.tensor(counts.sum() / (2 * np.maximum(counts, 1)))
    loss_fn = torch.nn.CrossEntropyLoss(weight=weight)
    t_train = time.time()
    stopped = False
    for epoch in range(args.epochs):
        model.train()
        order = rng.permutation(len(chips))
        total = 0.0
        for i in range(steps_per_epoch):
            idx = order[i * batch:(i + 1) * batch]
            xb = augment(chips[idx], rng)
            if not args.no_color_jitter:
                xb = common.photometric_jitter(xb, rng)
            x = torch.from_numpy(common.normalize(xb))
            y = torch.from_numpy(labels[idx])
            sched.step()
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            total += float(loss) * len(idx)
            if sched.step_no % 10 == 0:
                common.log("step %d loss %.4f" % (sched.step_no, float(loss)))
            if sched.done():
                stopped = True
                break
        common.log("epoch %d loss %.4f" % (epoch + 1, total / len(chips)))
        if stopped:
            common.log("training schedule done (step count or time budget)")
            break
    train_s = time.time() - t_train

    acc, lines, rows = evaluate(torch, model, ev_chips, ev_labels)
    print("\nEvaluation on scene seed %d (%d buildings, never seen in training): accuracy %.4f"
          % (args.eval_seed, len(ev_labels), acc))
    print("\n".join(lines))

    onnx_path = os.path.join(args.out, NAME + ".tmp.onnx")
    common.export_onnx(torch, model, torch.zeros(1, 3, CHIP, CHIP), onnx_path, "logits")
    emd = {
        "Framework": "ONNX",
        "ModelConfiguration": "FeatureClassifier",
        "ModelType": "ObjectClassification",
        "ModelName": "Building damage classifier (DeepRaster sample)",
        "Version": "1.0",
        "ModelFile": NAME + ".onnx",
        "ImageHeight": CHIP,
        "ImageWidth": CHIP,
        "ExtractBands": [0, 1, 2],
        "ModelFormat": "NCHW",
        "CropSizeFixed": 1,
        "BlackenAroundFeature": 0,
        "ImageSpaceUsed": "MAP_SPACE",
        "MetaDataMode": "Labeled_Tiles",
        "NormalizationStats": common.normalization_stats(),
        "MinCellSize": {"x": 0.3, "y": 0.3, "spatialReference": {"wkid": 32633}},
        "MaxCellSize": {"x": 0.3, "y": 0.3, "spatialReference": {"wkid": 32633}},
        "Classes": [{"Value": v, "Name": n, "Color": list(c)} for v, n, c in CLASSES],
        "ModelParameters": {"backbone": "small CNN (6 conv layers, strided stem), trained from scratch",
                            "training_data": source},
        "accuracy": round(acc, 4),
        "per_class_metrics": rows,
    }
    common.write_package(args.out, NAME, emd, onnx_path)
    common.write_metrics(NAME, out=args.out, data={"command": common.command_line(), "training_source": source,
                                "training_chips": int(len(chips)), "epochs_done": epoch + 1,
                                "color_jitter": not args.no_color_jitter, "training_seconds": round(train_s),
                                "total_seconds": round(time.time() - t_start), "eval_seed": args.eval_seed,
                                "eval_buildings": int(len(ev_labels)), "accuracy": round(acc, 4),
                                "per_class": rows})


if __name__ == "__main__":
    main()
