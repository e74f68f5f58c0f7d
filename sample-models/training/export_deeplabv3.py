#!/usr/bin/python3
"""Exports an untrained DeepLabV3 (torchvision's ResNet-50 backbone + ASPP head, or with
`--backbone mobilenet_v3_large` the MobileNetV3-Large one) to ONNX with an .emd, for timing Classify
Pixels on a model of realistic size (`deepraster benchmark classify-pixels`, `deepraster benchmark
deeplabv3`). The weights are random (seeded): the output means nothing; the cost per tile is that of a
real DeepLabV3. Not committed (about 160 MB with ResNet-50, 44 MB with MobileNetV3); generated on demand:

    /usr/bin/python3 sample-models/training/export_deeplabv3.py --out DIR [--size 512] [--classes 8]
        [--backbone resnet50|mobilenet_v3_large] [--weights FILE.pt]

`--weights` also saves the state dict, so that `torch_eager_bench.py` runs PyTorch on exactly the
weights in the ONNX file.

Needs Debian's python3-torch and python3-torchvision; downloads nothing.
"""
import argparse
import json
import os

import torch
import torchvision


class Logits(torch.nn.Module):
    """torchvision's segmentation models return a dict; ONNX wants the tensor."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)["out"]


BACKBONES = {
    "resnet50": ("deeplabv3_resnet50", "DeepLabV3 ResNet-50 (untrained, for timing)"),
    "mobilenet_v3_large": ("deeplabv3_mobilenet_v3_large", "DeepLabV3 MobileNetV3-Large (untrained, for timing)"),
}


def build(backbone="resnet50", classes=8, calibrate=False):
    """The eval-mode network (seeded random weights) wrapped to return the logits tensor. `calibrate`: set the
    batch-norm statistics from a few seeded batches of noise, as training would; straight from initialisation
    (running mean 0, variance 1) the activations die out and the logits are the last bias whatever the input,
    which makes a comparison of two runtimes' logits meaningless."""
    torch.manual_seed(0)
    factory = getattr(torchvision.models.segmentation, BACKBONES[backbone][0])
    net = factory(weights=None, weights_backbone=None, num_classes=classes, aux_loss=False)
    model = Logits(net)
    if calibrate:
        g = torch.Generator().manual_seed(1)
        for m in model.modules():
            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
                m.reset_running_stats()
                m.momentum = None  # a plain average over the batches
        model.train()
        with torch.no_grad():
            for _ in range(4):
                model(torch.randn(2, 3, 256, 256, generator=g))
    return model.eval()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--classes", type=int, default=8)
    ap.add_argument("--backbone", choices=sorted(BACKBONES), default="resnet50")
    ap.add_argument("--weights", help="also save the state dict here (torch.save)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    model = build(a.backbone, a.classes, calibrate=True)
    net = model.model
    if a.weights:
        torch.save(model.state_dict(), a.weights)
    onnx_path = os.path.join(a.out, "deeplabv3.onnx")
    dummy = torch.zeros(1, 3, a.size, a.size)
    torch.onnx.export(model, dummy, onnx_path, opset_version=13, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    colours = [[180, 150, 110], [110, 170, 80], [90, 90, 90], [210, 60, 50], [30, 110, 40], [40, 80, 180],
               [230, 200, 60], [160, 60, 160]]
    emd = {
        "Framework": "ONNX",
        "ModelConfiguration": "DeepLab",
        "ModelType": "ImageClassification",
        "ModelName": BACKBONES[a.backbone][1],
        "ModelFile": "deeplabv3.onnx",
        "ImageHeight": a.size,
        "ImageWidth": a.size,
        "ExtractBands": [0, 1, 2],
        "ModelFormat": "NCHW",
        # what arcgis.learn writes for a torchvision backbone: v / 255, then ImageNet's mean and std
        "NormalizationStats": {"band_min_values": [0, 0, 0], "band_max_values": [255, 255, 255],
                               "band_mean_values": [0.485, 0.456, 0.406], "band_std_values": [0.229, 0.224, 0.225],
                               "scaled_min_values": [0, 0, 0], "scaled_max_values": [1, 1, 1],
                               "scaled_mean_values": [0.485, 0.456, 0.406], "scaled_std_values": [0.229, 0.224, 0.225]},
        "Classes": [{"Value": i + 1, "Name": "class %d" % (i + 1), "Color": colours[i % len(colours)]}
                    for i in range(a.classes)],
    }
    with open(os.path.join(a.out, "deeplabv3.emd"), "w") as f:
        json.dump(emd, f, indent=2)
    params = sum(p.numel() for p in net.parameters())
    print("wrote", onnx_path, os.path.getsize(onnx_path), "bytes;", params, "parameters")


if __name__ == "__main__":
    main()
