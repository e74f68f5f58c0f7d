#!/usr/bin/python3
"""Exports an untrained Mask R-CNN of the size arcgis.learn trains for building footprints (torchvision's
maskrcnn_resnet50_fpn: ResNet-50 + FPN, 512 px chips, 2 classes) to ONNX with the .emd of the sample
instance package's layout (ModelType InstanceDetection, ModelConfiguration MaskRCNN), for timing
Detect Objects on a model of realistic size (`deepraster benchmark detect-instances DIR SIZE MODEL.emd`).
The weights are random (seeded): the masks mean nothing, but the graph, its output names and shapes and
its cost per chip are those of a real torchvision Mask R-CNN. Not committed (about 170 MB); generated on
demand:

    /usr/bin/python3 sample-models/training/export_maskrcnn.py --out DIR [--size 512]

Needs Debian's python3-torch and python3-torchvision; downloads nothing.
"""
import argparse
import json
import os

import torch
import torchvision


class OneChip(torch.nn.Module):
    """torchvision's detection models take a list of images and return a list of dicts; the ONNX graph
    takes one [1, 3, H, W] chip and returns boxes, labels, scores, masks (torchvision's names)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, image):
        out = self.model([image[0]])[0]
        return out["boxes"], out["labels"], out["scores"], out["masks"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--detections", type=int, default=100, help="box_detections_per_img")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.manual_seed(0)
    net = torchvision.models.detection.maskrcnn_resnet50_fpn(
        weights=None, weights_backbone=None, num_classes=2, min_size=a.size, max_size=a.size,
        image_mean=[0.0, 0.0, 0.0], image_std=[1.0, 1.0, 1.0], box_detections_per_img=a.detections)
    # Random heads score every proposal about 0.5; a bias towards the building class makes about as many
    # confident instances per chip as a trained model finds on dense 3-inch imagery (tens), so the timing
    # includes the masks' decoding and polygons.
    with torch.no_grad():
        net.roi_heads.box_predictor.cls_score.bias[1] += 1.0
    net.eval()
    onnx_path = os.path.join(a.out, "maskrcnn.onnx")
    dummy = torch.rand(1, 3, a.size, a.size)
    axes = {k: {0: "detections"} for k in ("boxes", "labels", "scores", "masks")}
    torch.onnx.export(OneChip(net), dummy, onnx_path, opset_version=11, input_names=["image"],
                      output_names=["boxes", "labels", "scores", "masks"], dynamic_axes=axes,
                      do_constant_folding=True)
    emd = {
        "Framework": "ONNX",
        "ModelConfiguration": "MaskRCNN",
        "ModelType": "InstanceDetection",
        "ModelName": "MaskRCNN",
        "ModelFile": "maskrcnn.onnx",
        "ImageHeight": a.size,
        "ImageWidth": a.size,
        "ExtractBands": [0, 1, 2],
        "ModelFormat": "NCHW",
        "SupportsVariableTileSize": False,
        "NormalizationStats": {"band_min_values": [0, 0, 0], "band_max_values": [255, 255, 255],
                               "band_mean_values": [0.485, 0.456, 0.406], "band_std_values": [0.229, 0.224, 0.225],
                               "scaled_min_values": [0, 0, 0], "scaled_max_values": [1, 1, 1],
                               "scaled_mean_values": [0.485, 0.456, 0.406], "scaled_std_values": [0.229, 0.224, 0.225]},
        "Classes": [{"Value": 1, "Name": "building", "Color": [230, 70, 60]}],
        "MaskRCNNkwargs": {"min_size": a.size, "max_size": a.size, "box_detections_per_img": a.detections},
        "ModelParameters": {"backbone": "resnet50 (untrained, for timing)", "pointrend": False},
        "ModelArguments": [{"name": "batch_size", "value": 1, "dataType": "numeric"},
                           {"name": "threshold", "value": 0.5, "dataType": "numeric"}],
    }
    with open(os.path.join(a.out, "maskrcnn.emd"), "w") as f:
        json.dump(emd, f, indent=2)
    params = sum(p.numel() for p in net.parameters())
    print("wrote", onnx_path, os.path.getsize(onnx_path), "bytes;", params, "parameters")


if __name__ == "__main__":
    main()
