"""Trains the tree and car detector (ModelType ObjectDetection).

A small single-stage, anchor-free CNN (CenterNet-like, stride 4): per output cell an objectness
heat-map, class scores and a box (centre offset, log width/height). Decoding is inside the exported
graph, including a 3x3 peak filter on the objectness (CenterNet's max-pool "NMS"), so that the ONNX
output is the YOLOv5 layout [N, K, 5+C]: cx, cy, w, h in chip pixels, objectness, class
probabilities (tree, car). Trained on random crops of sample scenes of the training seeds (boxes from
the trees and cars tables of ground_truth.gpkg), with flips and 90-degree rotations; evaluated at IoU
0.5 on a scene of another seed.

    /usr/bin/python3 sample-models/training/train_object_detector.py
    /usr/bin/python3 sample-models/training/train_object_detector.py --from-export DIR   # PASCAL_VOC_rectangles
"""
import argparse
import os
import time

import numpy as np

import common

NAME = "tree_car_detector"
CLASSES = [(0, "tree", (30, 140, 40)), (1, "car", (240, 200, 40))]
NAMES = [c[1] for c in CLASSES]
CHIP = 256          # exported input size
CROP = 128          # training crop size (the net is fully convolutional)
STRIDE = 4
SIZE_REF = 16.0     # box size = SIZE_REF * exp(t)
THRESHOLD = 0.35
NMS_OVERLAP = 0.3


def build_model(torch):
    nn = torch.nn
    F = torch.nn.functional

    def cbr(i, o, s=1, d=1):
        return nn.Sequential(nn.Conv2d(i, o, 3, stride=s, padding=d, dilation=d, bias=False),
                             nn.BatchNorm2d(o), nn.ReLU(inplace=True))

    class Detector(nn.Module):
        def __init__(self):
            super().__init__()
            self.s2 = nn.Sequential(cbr(3, 16, 2), cbr(16, 24))
            self.s4 = nn.Sequential(cbr(24, 48, 2), cbr(48, 48))
            self.s8 = nn.Sequential(cbr(48, 64, 2), cbr(64, 64), cbr(64, 64, d=2))
            self.fuse = nn.Sequential(nn.Conv2d(112, 48, 1, bias=False), nn.BatchNorm2d(48), nn.ReLU(inplace=True),
                                      cbr(48, 48))
            self.head = nn.Conv2d(48, 1 + len(CLASSES) + 4, 1)
            with torch.no_grad():
                self.head.bias[0] = -2.2  # objectness prior ~0.1
            g = CHIP // STRIDE  # the exported graph decodes CHIP x CHIP chips: constant cell grid
            self.register_buffer("gx", torch.arange(g, dtype=torch.float32).view(1, 1, g).expand(1, g, g).clone())
            self.register_buffer("gy", torch.arange(g, dtype=torch.float32).view(1, g, 1).expand(1, g, g).clone())

        def raw(self, x):
            f4 = self.s4(self.s2(x))
            f8 = self.s8(f4)
            up = F.interpolate(f8, scale_factor=2.0, mode="nearest")
            return self.head(self.fuse(torch.cat([f4, up], 1)))

        def forward(self, x):
            """Decoded [N, K, 5 + C] rows: cx, cy, w, h (pixels), objectness, class probabilities."""
            r = self.raw(x)
            obj = torch.sigmoid(r[:, 0:1])
            peak = (F.max_pool2d(obj, 3, stride=1, padding=1) == obj).to(obj.dtype)
            obj = obj * peak
            cls = torch.softmax(r[:, 1:1 + len(CLASSES)], 1)
            box = r[:, 1 + len(CLASSES):]
            gx, gy = self.gx, self.gy
            cx = (gx + torch.sigmoid(box[:, 0])) * STRIDE
            cy = (gy + torch.sigmoid(box[:, 1])) * STRIDE
            bw = SIZE_REF * torch.exp(box[:, 2].clamp(-3, 3))
            bh = SIZE_REF * torch.exp(box[:, 3].clamp(-3, 3))
            out = torch.cat([cx.unsqueeze(1), cy.unsqueeze(1), bw.unsqueeze(1), bh.unsqueeze(1), obj, cls], 1)
            return out.reshape(-1, 5 + len(CLASSES), gx.shape[1] * gx.shape[2]).permute(0, 2, 1)

    return Detector()


# ----------------------------------------------------------------------------- data

class Source:
    """An image (H, W, 3 uint8) with boxes [(x0, y0, x1, y1, class index)]."""

    def __init__(self, rgb, boxes):
        self.rgb = rgb
        self.boxes = np.array(boxes, np.float32).reshape(-1, 5)


def scene_source(scene):
    boxes = [b[:4] + (NAMES.index(b[4]),) for t in ("trees", "cars") for b in scene.boxes(t)]
    return Source(scene.rgb, boxes)


def export_sources(folder):
    out = []
    for img, lab in common.export_pairs(folder):
        if not lab.endswith(".xml"):
            continue
        boxes = [b[:4] + (NAMES.index(b[4]),) for b in common.read_voc(lab) if b[0] is not None and b[4] in NAMES]
        out.append(Source(common.read_image(img), boxes))
    if not out:
        raise SystemExit("no PASCAL VOC labels with classes %s found in %s" % (NAMES, folder))
    return out


def sample_crop(src, rng):
    """A CROP x CROP crop (mostly around an object), with its boxes in crop pixels."""
    h, w = src.rgb.shape[:2]
    if len(src.boxes) and rng.random() < 0.8:
        b = src.boxes[rng.integers(len(src.boxes))]
        cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
        x0 = int(cx - rng.uniform(8, CROP - 8))
        y0 = int(cy - rng.uniform(8, CROP - 8))
    else:
        x0, y0 = int(rng.integers(0, max(1, w - CROP))), int(rng.integers(0, max(1, h - CROP)))
    x0 = min(max(0, x0), max(0, w - CROP))
    y0 = min(max(0, y0), max(0, h - CROP))
    img = np.zeros((CROP, CROP, 3), np.uint8)
    part = src.rgb[y0:y0 + CROP, x0:x0 + CROP]
    img[:part.shape[0], :part.shape[1]] = part
    bx = src.boxes.copy()
    bx[:, [0, 2]] -= x0
    bx[:, [1, 3]] -= y0
    c = (bx[:, 0:2] + bx[:, 2:4]) / 2
    keep = (c[:, 0] >= 0) & (c[:, 0] < CROP) & (c[:, 1] >= 0) & (c[:, 1] < CROP)
    return img.transpose(2, 0, 1), bx[keep]


def augment(img, boxes, rng):
    """Flips and 90-degree rotations applied to the chip (C, S, S) and its boxes."""
    s = img.shape[1]
    b = boxes.copy()
    if rng.random() < 0.5:
        img = img[:, :, ::-1]
        b[:, [0, 2]] = s - b[:, [2, 0]]
    k = int(rng.integers(4))
    for _ in range(k):  # rotate 90 degrees counter-clockwise: (x, y) -> (y, s - x)
        img = np.rot90(img, 1, axes=(1, 2))
        x0, y0, x1, y1 = b[:, 0].copy(), b[:, 1].copy(), b[:, 2].copy(), b[:, 3].copy()
        b[:, 0], b[:, 1], b[:, 2], b[:, 3] = y0, s - x1, y1, s - x0
    # colour jitter (brightness/contrast), mild
    img = np.ascontiguousarray(img)
    if rng.random() < 0.5:
        a = rng.uniform(0.9, 1.1)
        o = rng.uniform(-10, 10)
        img = np.clip(img.astype(np.float32) * a + o, 0, 255).astype(np.uint8)
    return img, b


def targets(boxes, g):
    """Heat-map (1, g, g), class (g, g) and box (4, g, g) targets plus positive mask."""
    heat = np.zeros((g, g), np.float32)
    cls = np.zeros((g, g), np.int64)
    box = np.zeros((4, g, g), np.float32)
    pos = np.zeros((g, g), np.float32)
    ys, xs = np.mgrid[0:g, 0:g]
    for x0, y0, x1, y1, c in boxes:
        cx, cy = (x0 + x1) / 2 / STRIDE, (y0 + y1) / 2 / STRIDE
        w, h = max(1.0, x1 - x0), max(1.0, y1 - y0)
        ix, iy = int(cx), int(cy)
        if not (0 <= ix < g and 0 <= iy < g):
            continue
        sigma = max(0.6, np.sqrt(w * h) / STRIDE / 5)
        gauss = np.exp(-((xs - ix) ** 2 + (ys - iy) ** 2) / (2 * sigma ** 2))
        np.maximum(heat, gauss, out=heat)
        heat[iy, ix] = 1.0
        pos[iy, ix] = 1.0
        cls[iy, ix] = int(c)
        box[:, iy, ix] = (cx - ix, cy - iy, np.log(w / SIZE_REF), np.log(h / SIZE_REF))
    return heat, cls, box, pos


def batch_of(sources, n, rng):
    imgs, heats, clss, boxes, poss = [], [], [], [], []
    g = CROP // STRIDE
    for _ in range(n):
        src = sources[rng.integers(len(sources))]
        img, b = sample_crop(src, rng)
        img, b = augment(img, b, rng)
        h, c, bx, p = targets(b, g)
        imgs.append(img), heats.append(h), clss.append(c), boxes.append(bx), poss.append(p)
    return (np.stack(imgs), np.stack(heats)[:, None], np.stack(clss), np.stack(boxes), np.stack(poss))


def loss_fn(torch, raw, heat, cls, box, pos):
    F = torch.nn.functional
    p = torch.sigmoid(raw[:, 0:1]).clamp(1e-4, 1 - 1e-4)
    posm = (heat == 1).float()
    negw = (1 - heat) ** 4
    focal = -(posm * (1 - p) ** 2 * torch.log(p) + (1 - posm) * negw * p ** 2 * torch.log(1 - p)).sum()
    npos = posm.sum().clamp(min=1)
    l_obj = focal / npos
    m = pos.bool()
    logits = raw[:, 1:1 + len(CLASSES)].permute(0, 2, 3, 1)[m]
    l_cls = F.cross_entropy(logits, cls[m]) if m.any() else raw.sum() * 0
    pb = raw[:, 1 + len(CLASSES):].permute(0, 2, 3, 1)[m]
    tb = box.permute(0, 2, 3, 1)[m]
    if m.any():
        l_off = F.l1_loss(torch.sigmoid(pb[:, :2]), tb[:, :2])
        l_size = F.l1_loss(pb[:, 2:], tb[:, 2:])
    else:
        l_off = l_size = raw.sum() * 0
    return l_obj + l_cls + l_off + l_size


# ----------------------------------------------------------------------------- evaluation

def detect_scene(torch, model, rgb, threshold=THRESHOLD, pad=32):
    """Tiles of CHIP px read with `pad` px context; detections whose centre lies in the padding are
    dropped (as the Detect Objects tool does), then per-class NMS."""
    model.eval()
    h, w = rgb.shape[:2]
    core = CHIP - 2 * pad
    padded = np.pad(rgb, ((pad, CHIP), (pad, CHIP), (0, 0)))
    chips, origins = [], []
    for y in range(0, h, core):
        for x in range(0, w, core):
            chips.append(padded[y:y + CHIP, x:x + CHIP].transpose(2, 0, 1))
            origins.append((x - pad, y - pad))
    dets = []
    with torch.no_grad():
        for i in range(0, len(chips), 16):
            out = model(torch.from_numpy(common.normalize(np.stack(chips[i:i + 16])))).numpy()
            for k, rows in enumerate(out):
                ox, oy = origins[i + k]
                score = rows[:, 4] * rows[:, 5:].max(1)
                keep = score >= threshold
                for r, s in zip(rows[keep], score[keep]):
                    cx, cy = r[0], r[1]
                    if not (pad <= cx < CHIP - pad and pad <= cy < CHIP - pad):
                        continue
                    dets.append((ox + cx - r[2] / 2, oy + cy - r[3] / 2, ox + cx + r[2] / 2, oy + cy + r[3] / 2,
                                 int(r[5:].argmax()), float(s)))
    return nms(dets, NMS_OVERLAP)


def iou(a, b):
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    u = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / u if u > 0 else 0.0


def nms(dets, overlap):
    out = []
    for d in sorted(dets, key=lambda d: -d[5]):
        if all(o[4] != d[4] or iou(o, d) <= overlap for o in out):
            out.append(d)
    return out


def match(dets, gt, n_classes):
    """Greedy matching at IoU 0.5 per class -> tp, fp, fn lists."""
    tp, fp, fn = [0] * n_classes, [0] * n_classes, [0] * n_classes
    for c in range(n_classes):
        g = [b for b in gt if int(b[4]) == c]
        used = [False] * len(g)
        for d in sorted([d for d in dets if d[4] == c], key=lambda d: -d[5]):
            best, bi = 0.5, -1
            for j, b in enumerate(g):
                if not used[j]:
                    v = iou(d, b)
                    if v >= best:
                        best, bi = v, j
            if bi >= 0:
                used[bi] = True
                tp[c] += 1
            else:
                fp[c] += 1
        fn[c] = used.count(False)
    return tp, fp, fn


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default=common.DEFAULT_WORK, help="folder for generated scenes")
    ap.add_argument("--train-seeds", default="1,2,3")
    ap.add_argument("--eval-seed", type=int, default=101)
    ap.add_argument("--size", type=int, default=4096, help="scene size in pixels")
    ap.add_argument("--steps", type=int, default=2400)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--minutes", type=float, default=9.0, help="stop training after this long")
    ap.add_argument("--from-export", help="train from an Export Training Data folder (PASCAL_VOC_rectangles)")
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
    common.log("training images:", len(sources), "boxes:", sum(len(s.boxes) for s in sources))
    eval_scene = common.Scene(common.ensure_scene(args.work, args.eval_seed, args.size))
    gt = scene_source(eval_scene).boxes

    model = build_model(torch)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    sched = common.Schedule(opt, 3e-3, args.steps, args.minutes)
    t_train = time.time()
    run = 0.0
    for step in range(args.steps):
        model.train()
        sched.step()
        img, heat, cls, box, pos = batch_of(sources, args.batch, rng)
        x = torch.from_numpy(common.normalize(img))
        raw = model.raw(x)
        loss = loss_fn(torch, raw, torch.from_numpy(heat), torch.from_numpy(cls), torch.from_numpy(box),
                       torch.from_numpy(pos))
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

    dets = detect_scene(torch, model, eval_scene.rgb)
    tp, fp, fn = match(dets, gt, len(NAMES))
    lines, rows = common.prf_table(NAMES, tp, fp, fn)
    print("\nEvaluation on scene seed %d (%d boxes, never seen in training), IoU 0.5, threshold %.2f:"
          % (args.eval_seed, len(gt), THRESHOLD))
    print("\n".join(lines))

    onnx_path = os.path.join(args.out, NAME + ".tmp.onnx")
    common.export_onnx(torch, model, torch.zeros(1, 3, CHIP, CHIP), onnx_path, "detections",
                       output_shape=[(CHIP // STRIDE) ** 2, 5 + len(CLASSES)])
    emd = {
        "Framework": "ONNX",
        "ModelConfiguration": "CenterNetLite",
        "ModelType": "ObjectDetection",
        "ModelName": "Tree and car detector (DeepRaster sample)",
        "Version": "1.0",
        "ModelFile": NAME + ".onnx",
        "ImageHeight": CHIP,
        "ImageWidth": CHIP,
        "ExtractBands": [0, 1, 2],
        "ModelFormat": "NCHW",
        "ImageSpaceUsed": "MAP_SPACE",
        "NormalizationStats": common.normalization_stats(),
        "MinCellSize": {"x": 0.3, "y": 0.3, "spatialReference": {"wkid": 32633}},
        "MaxCellSize": {"x": 0.3, "y": 0.3, "spatialReference": {"wkid": 32633}},
        "Classes": [{"Value": v, "Name": n, "Color": list(c)} for v, n, c in CLASSES],
        "ModelArguments": [
            {"name": "padding", "dataType": "numeric", "value": 32, "required": False,
             "displayName": "Padding", "description": "pixels of context read around each tile"},
            {"name": "threshold", "dataType": "numeric", "value": THRESHOLD, "required": False,
             "displayName": "Confidence threshold", "description": "objectness x class probability",
             "domain": {"range": [0, 1]}},
            {"name": "nms_overlap", "dataType": "numeric", "value": NMS_OVERLAP, "required": False,
             "displayName": "NMS overlap", "description": "IoU above which the lower-scoring box is dropped",
             "domain": {"range": [0, 1]}},
            {"name": "batch_size", "dataType": "numeric", "value": 4, "required": False,
             "displayName": "Batch size"},
        ],
        "ModelParameters": {"backbone": "small CNN, stride 4, anchor-free, trained from scratch",
                            "output": "YOLOv5 layout [N, K, 5+C]: cx, cy, w, h (chip pixels), objectness, "
                                      "class probabilities; objectness is zero except at 3x3 peaks",
                            "training_data": source},
        "per_class_metrics": rows,
    }
    common.write_package(args.out, NAME, emd, onnx_path)
    common.write_metrics(NAME, out=args.out, data={"command": common.command_line(), "training_source": source,
                                "training_seconds": round(train_s), "total_seconds": round(time.time() - t_start),
                                "eval_seed": args.eval_seed, "eval_boxes": int(len(gt)), "iou": 0.5,
                                "threshold": THRESHOLD, "per_class": rows})


if __name__ == "__main__":
    main()
