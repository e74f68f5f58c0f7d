"""Trains the building instance segmenter (ModelType InstanceDetection, a torchvision Mask R-CNN).

A small torchvision MaskRCNN, trained from scratch (weights=None, no pretrained backbone): a
four-stage CNN (strides 2-16) with a feature pyramid (64 channels, plus the max-pool level), a light
box head (two 128-wide layers) and a light mask head (three 64-channel convolutions, 28 x 28 masks).
It learns from what DeepRaster's own Export Training Data writes with --metadata_format RCNN_Masks
(images/X.png, labels/<class>/X.png with one value per instance, esri_model_definition.emd) of
sample scenes of the INSTANCES flavour (touching rows, L shapes, buildings across tile edges, trees
over roofs, long shadows); flips, 90-degree rotations and random lighting are added. Exported to ONNX
with torchvision's Mask R-CNN outputs: boxes [N, 4] (x1, y1, x2, y2, chip pixels), labels [N] int64
(1 = building, 0 is the background), scores [N], masks [N, 1, 256, 256] (soft masks pasted into the
chip). The input is one chip [1, 3, 256, 256], normalised as the other sample models.

    /usr/bin/python3 sample-models/training/train_instance_segmenter.py            # scenes + exports made when missing
    /usr/bin/python3 sample-models/training/train_instance_segmenter.py --export-only   # from the last checkpoint

Checkpoints are written to WORK/building_instances/checkpoint.pt every --checkpoint-every steps; a run
that is stopped keeps its last one (--resume continues from it).
"""
import argparse
import glob
import json
import os
import subprocess
import time
from collections import OrderedDict

import numpy as np
from PIL import Image

import common

NAME = "building_instances"
CLASSES = [(1, "building", (230, 25, 75))]
CHIP = 256
SCENE_SIZE = 2048
MASK_THRESHOLD = 0.5
SCORE_THRESHOLD = 0.5
FPN = 48            # feature pyramid channels


# ----------------------------------------------------------------------------- data

def ensure_export(work, seed, rotation, stride):
    """The RCNN_Masks export of the INSTANCES scene of this seed, made with DeepRaster when missing."""
    scene = os.path.join(work, "inst-%d" % seed)
    if not os.path.isfile(os.path.join(scene, "ground_truth.gpkg")):
        common.log("generating the INSTANCES scene of seed %d" % seed)
        subprocess.run(["java", "-Djava.awt.headless=true", "-cp", common.java_classpath(), "org.deepraster.Main",
                        "sample-scene", "--out", scene, "--seed", str(seed), "--size", str(SCENE_SIZE),
                        "--flavour", "INSTANCES"], check=True)
    out = os.path.join(work, "export-inst-%d" % seed + ("" if rotation else "-eval"))
    if not os.path.isfile(os.path.join(out, "esri_model_definition.emd")):
        common.log("exporting training chips of seed %d to %s" % (seed, out))
        cmd = ["java", "-Djava.awt.headless=true", "-cp", common.java_classpath(), "org.deepraster.Main",
               "export-training-data", "--in_raster", os.path.join(scene, "scene.tif"),
               "--in_class_data", os.path.join(scene, "ground_truth.gpkg") + "|buildings", "--class_value_field", "class",
               "--metadata_format", "RCNN_Masks", "--tile_size_x", str(CHIP), "--tile_size_y", str(CHIP),
               "--stride_x", str(stride), "--stride_y", str(stride), "--image_chip_format", "PNG",
               "--out_folder", out, "--overwrite"]
        if rotation:
            cmd += ["--rotation_angle", str(rotation)]
        subprocess.run(cmd, check=True)
    return out


def export_items(folder):
    """[(image path, [(class value, instance label path)])] of an RCNN_Masks export: map.txt names
    images/X and labels/X; the masks are labels/<class folder>/X, one folder per class of the .emd."""
    with open(os.path.join(folder, "esri_model_definition.emd"), encoding="utf-8-sig") as f:
        emd = json.load(f)
    if emd.get("MetaDataMode") != "RCNN_Masks":
        raise SystemExit("%s is not an RCNN_Masks export (MetaDataMode %r)" % (folder, emd.get("MetaDataMode")))
    names = {c["Name"]: c["Value"] for c in emd["Classes"]}
    folders = [(names[c[1]], c[1]) for c in CLASSES if c[1] in names]
    if not folders:
        raise SystemExit("%s has no class %s" % (folder, [c[1] for c in CLASSES]))
    items = []
    for image, label in common.export_pairs(folder):
        stem = os.path.basename(label)
        masks = [(v, os.path.join(folder, "labels", d, stem)) for v, d in folders]
        items.append((image, [(v, p) for v, p in masks if os.path.isfile(p)]))
    return items


def load_item(item, min_area=12):
    """uint8 [3, H, W] image, boxes [K, 4], labels [K], masks [K, H, W] (uint8)."""
    image, labels = item
    img = np.asarray(Image.open(image).convert("RGB")).transpose(2, 0, 1)
    boxes, classes, masks = [], [], []
    for value, path in labels:
        ids = np.asarray(Image.open(path)).astype(np.int32)
        for k in np.unique(ids):
            if k == 0:
                continue
            m = ids == k
            if m.sum() < min_area:
                continue
            ys, xs = np.nonzero(m)
            if xs.max() - xs.min() < 2 or ys.max() - ys.min() < 2:
                continue
            boxes.append([xs.min(), ys.min(), xs.max() + 1, ys.max() + 1])
            classes.append(value)
            masks.append(m.astype(np.uint8))
    h, w = img.shape[1:]
    return (img, np.array(boxes, np.float32).reshape(-1, 4), np.array(classes, np.int64),
            np.array(masks, np.uint8).reshape(-1, h, w))


def augment(img, masks, rng):
    k = int(rng.integers(4))
    img, masks = np.rot90(img, k, (1, 2)), np.rot90(masks, k, (1, 2))
    if rng.random() < 0.5:
        img, masks = img[:, :, ::-1], masks[:, :, ::-1]
    return np.ascontiguousarray(img), np.ascontiguousarray(masks)


def boxes_of(masks):
    out = []
    for m in masks:
        ys, xs = np.nonzero(m)
        out.append([xs.min(), ys.min(), xs.max() + 1, ys.max() + 1])
    return np.array(out, np.float32).reshape(-1, 4)


# ----------------------------------------------------------------------------- model

def build_model(torch):
    import torchvision
    from torchvision.models.detection import MaskRCNN
    from torchvision.models.detection.anchor_utils import AnchorGenerator
    from torchvision.models.detection.faster_rcnn import FastRCNNPredictor, TwoMLPHead
    from torchvision.models.detection.mask_rcnn import MaskRCNNHeads, MaskRCNNPredictor
    from torchvision.ops import FeaturePyramidNetwork, MultiScaleRoIAlign
    from torchvision.ops.feature_pyramid_network import LastLevelMaxPool
    nn = torch.nn

    def cbr(i, o, s=1):
        return nn.Sequential(nn.Conv2d(i, o, 3, stride=s, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))

    class Backbone(nn.Module):
        def __init__(self):
            super().__init__()
            self.s2 = nn.Sequential(cbr(3, 16, 2), cbr(16, 16))
            self.s4 = nn.Sequential(cbr(16, 32, 2), cbr(32, 32))
            self.s8 = nn.Sequential(cbr(32, 64, 2), cbr(64, 64))
            self.s16 = nn.Sequential(cbr(64, 96, 2), cbr(96, 96))
            self.fpn = FeaturePyramidNetwork([32, 64, 96], FPN, extra_blocks=LastLevelMaxPool())
            self.out_channels = FPN

        def forward(self, x):
            c4 = self.s4(self.s2(x))
            c8 = self.s8(c4)
            c16 = self.s16(c8)
            return self.fpn(OrderedDict([("0", c4), ("1", c8), ("2", c16)]))

    anchors = AnchorGenerator(sizes=((16,), (32,), (64,), (128,)), aspect_ratios=((0.5, 1.0, 2.0),) * 4)
    return MaskRCNN(
        Backbone(), num_classes=None, min_size=CHIP, max_size=CHIP,
        image_mean=[0.0, 0.0, 0.0], image_std=[1.0, 1.0, 1.0],  # the input is normalised already (.emd)
        rpn_anchor_generator=anchors,
        rpn_pre_nms_top_n_train=600, rpn_post_nms_top_n_train=300,
        rpn_pre_nms_top_n_test=300, rpn_post_nms_top_n_test=150, rpn_batch_size_per_image=128,
        box_roi_pool=MultiScaleRoIAlign(["0", "1", "2"], 7, 2),
        box_head=TwoMLPHead(FPN * 7 * 7, 128), box_predictor=FastRCNNPredictor(128, 1 + len(CLASSES)),
        box_batch_size_per_image=64, box_detections_per_img=100, box_score_thresh=0.05,
        mask_roi_pool=MultiScaleRoIAlign(["0", "1", "2"], 14, 2),
        mask_head=MaskRCNNHeads(FPN, (32, 32), 1), mask_predictor=MaskRCNNPredictor(32, 32, 1 + len(CLASSES)))


def export(torch, model, path):
    """ONNX with torchvision's Mask R-CNN output names; one chip [1, 3, CHIP, CHIP] per run."""
    import onnx
    nn = torch.nn

    class OneChip(nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, image):
            out = self.m([image[0]])[0]
            return out["boxes"], out["labels"], out["scores"], out["masks"]

    model.eval()
    x = torch.zeros(1, 3, CHIP, CHIP)
    axes = {k: {0: "detections"} for k in ("boxes", "labels", "scores", "masks")}
    torch.onnx.export(OneChip(model), x, path, input_names=["image"], output_names=["boxes", "labels", "scores", "masks"],
                      dynamic_axes=axes, opset_version=11, do_constant_folding=True)
    m = onnx.load(path)
    onnx.checker.check_model(m)
    return path


def init_from_onnx(torch, model, path):
    """Loads the weights of an exported model (this script's own ONNX, e.g. the shipped package's) into
    the PyTorch model, so that a longer training run can continue from it without a checkpoint. The
    export folded each backbone BatchNorm into its convolution (initializers named onnx::Conv_N, in
    execution order); those convolutions get the folded weights, their BatchNorm becomes the identity
    plus the folded bias and is frozen (eval mode) while fine-tuning, as torchvision's detection
    backbones freeze theirs. Every other parameter keeps its name in the graph."""
    import onnx
    from onnx import numpy_helper
    g = onnx.load(path).graph
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    state = model.state_dict()
    loaded = 0
    for name, value in inits.items():
        if name.startswith("m.") and name[2:] in state:
            state[name[2:]].copy_(torch.from_numpy(value.copy()))
            loaded += 1
    folded = []
    for node in g.node:
        if node.op_type == "Conv" and node.input[1].startswith("onnx::"):
            folded.append((inits[node.input[1]], inits[node.input[2]] if len(node.input) > 2 else None))
    nn = torch.nn
    convs = [(c, b) for stage in (model.backbone.s2, model.backbone.s4, model.backbone.s8, model.backbone.s16)
             for block in stage for c, b in [(block[0], block[1])]]
    if len(convs) != len(folded):
        raise SystemExit("%s has %d folded convolutions, the model %d: not this script's export" % (path, len(folded), len(convs)))
    for (conv, bn), (w, b) in zip(convs, folded):
        conv.weight.data.copy_(torch.from_numpy(w.copy()))
        bn.weight.data.fill_(1.0)
        bn.bias.data.copy_(torch.from_numpy(b.copy()) if b is not None else torch.zeros_like(bn.bias))
        bn.running_mean.zero_()
        bn.running_var.fill_(1.0 - bn.eps)
        loaded += 1
    common.log("initialised from %s (%d tensors; backbone BatchNorm frozen)" % (path, loaded))
    return [m for m in model.backbone.modules() if isinstance(m, nn.BatchNorm2d)]


def source_history(onnx_path):
    """The training runs behind an exported model, read from the .emd beside it: its
    ModelParameters.training_history when it has one, else the one run its training_* fields describe.
    A warm-started package lists every run that made its weights, not only the last one."""
    folder = os.path.dirname(os.path.abspath(onnx_path))
    emds = [f for f in sorted(os.listdir(folder)) if f.endswith(".emd")]
    if not emds:
        common.log("no .emd beside %s: the package will not say how its starting weights were trained" % onnx_path)
        return [{"training_data": "weights of %s (history unknown)" % os.path.basename(onnx_path)}]
    with open(os.path.join(folder, emds[0])) as f:
        params = json.load(f).get("ModelParameters", {})
    if params.get("training_history"):
        return params["training_history"]
    run = {k: params[k] for k in ("training_data", "training_steps", "training_seconds", "command") if k in params}
    return [run]


def history_entry(seeds, steps, seconds, command, init_from=None):
    run = {"training_data": "Export Training Data RCNN_Masks of INSTANCES sample scenes, seeds %s" % seeds,
           "training_steps": steps, "training_seconds": round(seconds), "command": command}
    if init_from:
        run["initialised_from"] = init_from
    return run


# ----------------------------------------------------------------------------- evaluation

def mask_iou(a, b):
    inter = np.logical_and(a, b).sum()
    union = np.logical_or(a, b).sum()
    return inter / union if union else 0.0


def average_precision(scored, n_gt):
    """COCO 101-point interpolated AP of [(score, is_tp)] against n_gt ground-truth instances."""
    if n_gt == 0:
        return float("nan")
    scored = sorted(scored, key=lambda s: -s[0])
    tp = np.cumsum([1 if t else 0 for _, t in scored])
    fp = np.cumsum([0 if t else 1 for _, t in scored])
    recall = tp / n_gt if len(scored) else np.zeros(0)
    precision = tp / np.maximum(1, tp + fp) if len(scored) else np.zeros(0)
    for i in range(len(precision) - 2, -1, -1):
        precision[i] = max(precision[i], precision[i + 1])
    ap = 0.0
    for r in np.linspace(0, 1, 101):
        i = np.searchsorted(recall, r, side="left")
        ap += precision[i] if i < len(precision) else 0.0
    return ap / 101


def evaluate(torch, model, items, iou_thresholds=(0.5,)):
    """Chip-level mask evaluation: per IoU threshold the AP (all detections of all chips, matched
    greedily by score within their chip), and at score >= SCORE_THRESHOLD precision, recall and F1."""
    model.eval()
    per_t = {t: [] for t in iou_thresholds}
    counts = {t: [0, 0, 0] for t in iou_thresholds}
    n_gt = 0
    with torch.no_grad():
        for item in items:
            img, _, _, gt = load_item(item)
            n_gt += len(gt)
            x = torch.from_numpy(common.normalize(img))
            out = model([x])[0]
            scores = out["scores"].numpy()
            masks = out["masks"].numpy()[:, 0] >= MASK_THRESHOLD
            ious = np.array([[mask_iou(m, g) for g in gt] for m in masks]).reshape(len(masks), len(gt))
            order = np.argsort(-scores)
            for t in iou_thresholds:
                taken, kept_tp = set(), 0
                for i in order:
                    best, bj = t, -1
                    for j in range(len(gt)):
                        if j not in taken and ious[i, j] >= best:
                            best, bj = ious[i, j], j
                    if bj >= 0:
                        taken.add(bj)
                    per_t[t].append((scores[i], bj >= 0))
                    if scores[i] >= SCORE_THRESHOLD:
                        counts[t][0 if bj >= 0 else 1] += 1
                        kept_tp += 1 if bj >= 0 else 0
                counts[t][2] += len(gt) - kept_tp
    result = {"instances": n_gt}
    for t in iou_thresholds:
        tp, fp, fn = counts[t]
        p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
        result["AP@%.2f" % t] = round(average_precision(per_t[t], n_gt), 4)
        result["at_score_%.2f@%.2f" % (SCORE_THRESHOLD, t)] = dict(
            precision=round(p, 4), recall=round(r, 4), f1=round(2 * p * r / max(1e-9, p + r), 4), tp=tp, fp=fp, fn=fn)
    aps = [result["AP@%.2f" % t] for t in iou_thresholds]
    if len(aps) > 1:
        result["AP@[0.50:0.95]"] = round(float(np.mean(aps)), 4)
    return result


# ----------------------------------------------------------------------------- main

def emd(classes, history, metrics):
    steps = sum(r.get("training_steps", 0) for r in history)
    seconds = sum(r.get("training_seconds", 0) for r in history)
    return {
        # arcgis.learn's MaskRCNN writes Framework "arcgis.learn.models._inferencing" (ModelConfiguration
        # "_maskrcnn_inferencing", InferenceFunction "ArcGISInstanceDetector.py") for its .pth; this package
        # holds an ONNX graph, which DeepRaster requires to be declared "ONNX", and no Python function.
        "Framework": "ONNX",
        "ModelConfiguration": "MaskRCNN",
        "ModelType": "InstanceDetection",
        "ModelName": "MaskRCNN",
        "Version": "1.0",
        "ImageHeight": CHIP,
        "ImageWidth": CHIP,
        "ExtractBands": [0, 1, 2],
        "ModelFormat": "NCHW",
        "ImageSpaceUsed": "MAP_SPACE",
        "SupportsVariableTileSize": False,
        "NormalizationStats": common.normalization_stats(),
        "MinCellSize": {"x": 0.3, "y": 0.3, "spatialReference": {"wkid": 32633}},
        "MaxCellSize": {"x": 0.3, "y": 0.3, "spatialReference": {"wkid": 32633}},
        "Classes": common.classes_json(classes),
        "MaskRCNNkwargs": {"min_size": CHIP, "max_size": CHIP, "box_detections_per_img": 100},
        "ModelParameters": {
            "pointrend": False,
            "backbone": "4-stage CNN (strides 2-16) + FPN 48 channels, trained from scratch"
                        + (" in %d runs (each later one starting from the previous export)" % len(history) if len(history) > 1 else ""),
            "output": "torchvision Mask R-CNN: boxes [N,4] x1 y1 x2 y2 chip pixels, labels [N] (1 = building), "
                      "scores [N], masks [N,1,256,256] soft masks pasted into the chip; one chip per run",
            "training_data": "; ".join(r.get("training_data", "?") for r in history),
            "training_steps": steps, "training_seconds": round(seconds),
            "training_history": history,
        },
        "ModelArguments": [
            {"name": "padding", "dataType": "numeric", "value": 32, "required": False, "displayName": "Padding",
             "description": "pixels of context read around each tile"},
            {"name": "threshold", "dataType": "numeric", "value": SCORE_THRESHOLD, "required": False,
             "displayName": "Confidence threshold", "domain": {"range": [0, 1]}},
            {"name": "mask_threshold", "dataType": "numeric", "value": MASK_THRESHOLD, "required": False,
             "displayName": "Mask threshold", "description": "soft-mask value from which a pixel belongs to the instance",
             "domain": {"range": [0, 1]}},
            {"name": "batch_size", "dataType": "numeric", "value": 1, "required": False, "displayName": "Batch size",
             "description": "the exported graph takes one chip per run"},
        ],
        "per_class_metrics": metrics,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default=common.DEFAULT_WORK)
    ap.add_argument("--train-seeds", default="1,2")
    ap.add_argument("--eval-seed", type=int, default=101)
    ap.add_argument("--steps", type=int, default=4000)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--lr", type=float, default=0.02)
    ap.add_argument("--minutes", type=float, default=25.0)
    ap.add_argument("--checkpoint-every", type=int, default=50)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--export-only", action="store_true", help="export and evaluate the last checkpoint")
    ap.add_argument("--init-from-onnx", metavar="ONNX", help="start from the weights of an exported model "
                    "(e.g. sample-models/building_instances/building_instances.onnx) instead of from scratch")
    ap.add_argument("--out", default=common.SAMPLE_MODELS)
    a = ap.parse_args()
    torch = common.setup_torch(0)
    t_start = time.time()
    ckpt_dir = os.path.join(a.work, NAME)
    os.makedirs(ckpt_dir, exist_ok=True)
    ckpt = os.path.join(ckpt_dir, "checkpoint.pt")
    seeds = [int(s) for s in a.train_seeds.split(",")]
    items = []
    for s in seeds:
        items += export_items(ensure_export(a.work, s, 90, 128))
    eval_items = export_items(ensure_export(a.work, a.eval_seed, 0, 256))
    common.log("%d training chips, %d evaluation chips" % (len(items), len(eval_items)))
    model = build_model(torch)
    common.log("parameters: %d" % sum(p.numel() for p in model.parameters()))
    onnx_path = os.path.join(ckpt_dir, NAME + ".onnx")
    step, seconds = 0, 0.0
    frozen = []
    earlier, command, init_from = [], common.command_line(), None
    if a.init_from_onnx:
        frozen = init_from_onnx(torch, model, a.init_from_onnx)
        earlier, init_from = source_history(a.init_from_onnx), os.path.relpath(os.path.abspath(a.init_from_onnx), common.REPO)
    if (a.resume or a.export_only) and os.path.isfile(ckpt):
        state = torch.load(ckpt)
        model.load_state_dict(state["model"])
        step, seconds = state["step"], state["seconds"]
        # the run that wrote the checkpoint is the one the package describes, not this --resume/--export-only
        earlier = state.get("history", earlier)
        command = state.get("command", command)
        init_from = state.get("initialised_from", init_from)
        a.train_seeds = state.get("train_seeds", a.train_seeds)
        if state.get("frozen_bn") and not frozen:
            frozen = [m for m in model.backbone.modules() if isinstance(m, torch.nn.BatchNorm2d)]
        common.log("resumed from %s (step %d)" % (ckpt, step))
    if not a.export_only:
        export(torch, model, onnx_path)  # fails early, before training, when the graph cannot be exported
        params = [p for p in model.parameters() if p.requires_grad]
        opt = torch.optim.SGD(params, lr=a.lr, momentum=0.9, weight_decay=1e-4)
        sched = common.Schedule(opt, a.lr, a.steps, a.minutes - seconds / 60, warmup=0.03)
        sched.step_no = 0
        rng = np.random.default_rng(step)
        model.train()
        for bn in frozen:
            bn.eval()
        t0, losses = time.time(), []
        record = {"frozen_bn": bool(frozen), "history": earlier, "command": command,
                  "initialised_from": init_from, "train_seeds": a.train_seeds}
        while not sched.done() and step < a.steps:
            sched.step()
            imgs, targets = [], []
            for i in rng.choice(len(items), a.batch, replace=False):
                img, _, labels, masks = load_item(items[i])
                img, masks = augment(img, masks, rng)
                img = common.photometric_jitter(img[None], rng)[0]
                imgs.append(torch.from_numpy(common.normalize(img)))
                targets.append({"boxes": torch.from_numpy(boxes_of(masks)), "labels": torch.from_numpy(labels),
                                "masks": torch.from_numpy(masks)})
            loss_dict = model(imgs, targets)
            loss = sum(loss_dict.values())
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 10.0)
            opt.step()
            losses.append([v.item() for v in loss_dict.values()])
            step += 1
            if step % 25 == 0:
                m = np.mean(losses[-25:], 0)
                common.log("step %d  loss %.3f  (%s)  lr %.4f  %.1f s/step" % (
                    step, m.sum(), " ".join("%s %.3f" % (k.replace("loss_", ""), v) for k, v in zip(loss_dict, m)),
                    opt.param_groups[0]["lr"], (time.time() - t0) / len(losses)))
            if step % a.checkpoint_every == 0:
                torch.save(dict(record, model=model.state_dict(), step=step, seconds=seconds + time.time() - t0),
                           ckpt + ".part")
                os.replace(ckpt + ".part", ckpt)
        seconds += time.time() - t0
        torch.save(dict(record, model=model.state_dict(), step=step, seconds=seconds), ckpt)
        common.log("trained %d steps in %.0f s" % (step, seconds))
    model.eval()
    export(torch, model, onnx_path)
    thresholds = [round(0.5 + 0.05 * i, 2) for i in range(10)]
    result = evaluate(torch, model, eval_items, thresholds)
    common.log("evaluation on seed %d: %s" % (a.eval_seed, json.dumps(result)))
    at = result["at_score_%.2f@0.50" % SCORE_THRESHOLD]
    metrics = [dict(name="building", precision=at["precision"], recall=at["recall"], f1=at["f1"],
                    ap50=result["AP@0.50"], ap50_95=result["AP@[0.50:0.95]"], support=result["instances"])]
    history = earlier + [history_entry(a.train_seeds, step, seconds, command, init_from)]
    common.write_package(a.out, NAME, emd(CLASSES, history, metrics), onnx_path)
    common.write_metrics(NAME, {
        "model": NAME, "evaluation": "chip-level mask matching on the RCNN_Masks export (256 px chips, stride 256) "
                                      "of the INSTANCES scene seed %d (%d px), never seen in training" % (a.eval_seed, SCENE_SIZE),
        "mask_threshold": MASK_THRESHOLD, "score_threshold": SCORE_THRESHOLD, "result": result,
        "per_class": metrics, "training_steps": sum(r.get("training_steps", 0) for r in history),
        "training_seconds": sum(r.get("training_seconds", 0) for r in history), "training_history": history,
        "whole_run_seconds": round(time.time() - t_start), "command": common.command_line()}, a.out)


if __name__ == "__main__":
    main()
