"""Shared helpers for the sample-model training scripts.

Reads what `deepraster sample-scene` writes (scene.tif with Pillow, ground_truth.gpkg with sqlite3 and
a small WKB parser, landcover.tif), converts map coordinates to pixels from the GeoTIFF tags
(ModelPixelScale 33550, ModelTiepoint 33922), generates scenes of given seeds by calling the Java
generator, reads folders written by Export Training Data (arcgis.learn layouts), writes .emd files and
packs .dlpk packages. Only Debian's python3-torch, python3-onnx, python3-numpy and python3-pil are used.
"""
import glob
import json
import os
import sqlite3
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
try:
    from PIL import Image
    Image.MAX_IMAGE_PIXELS = None
except ImportError:  # only the scripts that read scene.tif need Pillow (train_river_tiles.py does not)
    Image = None

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLE_MODELS = os.path.join(REPO, "sample-models")
DEFAULT_WORK = os.path.join(REPO, "target", "training")

# Normalisation used by every sample model, spelled out in the .emd as NormalizationStats
# (band_min 0, band_max 255, then (x - scaled_mean) / scaled_std) and in the Deepness metadata as
# standardization_mean/std: both give (v / 255 - MEAN) / STD, exactly what InputNormalization applies.
MEAN = [0.45, 0.45, 0.40]
STD = [0.20, 0.20, 0.20]

LAND_COVER = [  # value, name, colour (as SampleScene.LAND_COVER)
    (1, "Bare ground", (0xB4, 0x96, 0x6E)),
    (2, "Grass", (0x6E, 0xAA, 0x50)),
    (3, "Road", (0x5A, 0x5A, 0x5A)),
    (4, "Building", (0xD2, 0x3C, 0x32)),
    (5, "Tree", (0x1E, 0x6E, 0x28)),
    (6, "Water", (0x28, 0x50, 0xB4)),
]


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def setup_torch(seed=0):
    import torch
    torch.set_num_threads(2)
    torch.manual_seed(seed)
    np.random.seed(seed)
    return torch


def normalize(chw_uint8):
    """uint8 [.., 3, H, W] -> float32, (v / 255 - MEAN) / STD per channel."""
    x = chw_uint8.astype(np.float32) / 255.0
    m = np.array(MEAN, np.float32).reshape(3, 1, 1)
    s = np.array(STD, np.float32).reshape(3, 1, 1)
    return (x - m) / s


def photometric_jitter(chw_uint8, rng):
    """Per-image random lighting, as the sample scene varies it per scene: contrast about mid-grey,
    exposure gain, white balance (per-channel gain) and an additive haze/offset. [N, 3, H, W] uint8 in
    and out; every image of the batch gets its own draw."""
    n = chw_uint8.shape[0]
    x = chw_uint8.astype(np.float32)
    contrast = rng.uniform(0.8, 1.2, (n, 1, 1, 1)).astype(np.float32)
    gain = rng.uniform(0.8, 1.2, (n, 1, 1, 1)).astype(np.float32)
    wb = rng.uniform(0.92, 1.08, (n, 3, 1, 1)).astype(np.float32)
    offset = rng.uniform(-15, 20, (n, 1, 1, 1)).astype(np.float32)
    x = ((x - 128) * contrast + 128) * gain * wb + offset
    return np.clip(x + 0.5, 0, 255).astype(np.uint8)


def normalization_stats():
    return {
        "band_min_values": [0, 0, 0],
        "band_max_values": [255, 255, 255],
        "scaled_mean_values": MEAN,
        "scaled_std_values": STD,
    }


# ----------------------------------------------------------------------------- scenes

def java_classpath():
    cp_file = os.path.join(REPO, "target", "training", "classpath.txt")
    if not os.path.isfile(cp_file):
        os.makedirs(os.path.dirname(cp_file), exist_ok=True)
        subprocess.run(["mvn", "-o", "-q", "compile"], cwd=REPO, check=True)
        subprocess.run(["mvn", "-o", "-q", "dependency:build-classpath", "-Dmdep.outputFile=" + cp_file],
                       cwd=REPO, check=True)
    with open(cp_file) as f:
        return os.path.join(REPO, "target", "classes") + os.pathsep + f.read().strip()


def ensure_scene(work, seed, size=4096):
    """The folder of the sample scene of this seed, generated with the Java command when missing."""
    d = os.path.join(work, "scene-%d" % seed)
    if all(os.path.isfile(os.path.join(d, f)) for f in ("scene.tif", "landcover.tif", "ground_truth.gpkg")):
        return d
    log("generating scene seed %d (%d px) in %s" % (seed, size, d))
    subprocess.run(["java", "-Djava.awt.headless=true", "-cp", java_classpath(), "org.deepraster.Main", "sample-scene", "--out", d,
                    "--seed", str(seed), "--size", str(size)], check=True)
    return d


class Scene:
    """A generated scene: RGB pixels, land cover, and the ground truth in pixel coordinates."""

    def __init__(self, folder):
        self.folder = folder
        img = Image.open(os.path.join(folder, "scene.tif"))
        self.origin, self.pixel = geotransform(img)
        self.rgb = np.asarray(img.convert("RGB"))  # H, W, 3 uint8
        lc = Image.open(os.path.join(folder, "landcover.tif"))
        self.landcover = np.asarray(lc).astype(np.uint8)  # values 0..6
        self.gpkg = os.path.join(folder, "ground_truth.gpkg")

    @property
    def size(self):
        return self.rgb.shape[0], self.rgb.shape[1]

    def to_pixel(self, x, y):
        return (x - self.origin[0]) / self.pixel[0], (self.origin[1] - y) / self.pixel[1]

    def polygons(self, table, attribute):
        """[(attribute value, [rings as Nx2 arrays of pixel coordinates])] of a gpkg table."""
        out = []
        for value, rings in read_gpkg(self.gpkg, table, attribute):
            px = [np.array([self.to_pixel(x, y) for x, y in r]) for r in rings]
            out.append((value, px))
        return out

    def boxes(self, table, attribute="class"):
        """[(x0, y0, x1, y1, value)] pixel boxes (bounds of the polygons)."""
        out = []
        for value, rings in self.polygons(table, attribute):
            pts = np.concatenate(rings)
            out.append((pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max(), value))
        return out


def geotransform(img):
    """(origin x, origin y), (pixel width, pixel height) from ModelTiepoint and ModelPixelScale."""
    tags = img.tag_v2
    scale = tags.get(33550)
    tie = tags.get(33922)
    if scale is None or tie is None:
        raise ValueError("the GeoTIFF has no ModelPixelScale/ModelTiepoint tags")
    i, j, _, x, y, _ = tie[:6]
    return (x - i * scale[0], y + j * scale[1]), (scale[0], scale[1])


# ----------------------------------------------------------------------------- GeoPackage + WKB

def read_gpkg(path, table, attribute):
    con = sqlite3.connect(path)
    try:
        geom_col = con.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?",
                               (table,)).fetchone()[0]
        rows = con.execute('SELECT "%s", "%s" FROM "%s"' % (attribute, geom_col, table)).fetchall()
    finally:
        con.close()
    return [(value, polygon_rings(gpkg_wkb(blob))) for value, blob in rows if blob is not None]


def gpkg_wkb(blob):
    """The WKB inside a GeoPackage geometry blob (header 'GP', version, flags, srs id, envelope)."""
    blob = bytes(blob)
    if blob[:2] != b"GP":
        return blob  # plain WKB
    flags = blob[3]
    env = (flags >> 1) & 7
    env_len = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[env]
    return blob[8 + env_len:]


def polygon_rings(wkb):
    """All rings of a (Multi)Polygon WKB (exterior rings and holes), as lists of (x, y)."""
    rings = []
    _wkb(memoryview(wkb), 0, rings)
    return rings


def _wkb(b, off, rings):
    order = "<" if b[off] == 1 else ">"
    gtype = struct.unpack_from(order + "I", b, off + 1)[0]
    off += 5
    has_z = gtype & 0x80000000 or (gtype // 1000) in (1, 3)
    has_m = gtype & 0x40000000 or (gtype // 1000) in (2, 3)
    base = (gtype & 0xFFFF) % 1000
    dims = 2 + (1 if has_z else 0) + (1 if has_m else 0)
    if base == 3:  # polygon
        n = struct.unpack_from(order + "I", b, off)[0]
        off += 4
        for _ in range(n):
            m = struct.unpack_from(order + "I", b, off)[0]
            off += 4
            pts = struct.unpack_from(order + "%dd" % (m * dims), b, off)
            off += 8 * m * dims
            rings.append([(pts[k * dims], pts[k * dims + 1]) for k in range(m)])
        return off
    if base in (6, 7):  # multipolygon, collection
        n = struct.unpack_from(order + "I", b, off)[0]
        off += 4
        for _ in range(n):
            off = _wkb(b, off, rings)
        return off
    raise ValueError("unsupported WKB geometry type %d" % gtype)


# ----------------------------------------------------------------------------- Export Training Data

def read_image(path):
    return np.asarray(Image.open(path).convert("RGB"))


def export_pairs(folder):
    """(image path, label path) pairs of an arcgis.learn export: map.txt when present, else by name."""
    pairs = []
    map_txt = os.path.join(folder, "map.txt")
    if os.path.isfile(map_txt):
        with open(map_txt) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2:
                    pairs.append(tuple(os.path.join(folder, p.replace("\\", "/")) for p in parts[:2]))
        if pairs:
            return pairs
    for img in sorted(glob.glob(os.path.join(folder, "images", "*"))):
        stem = os.path.splitext(os.path.basename(img))[0]
        for ext in (".xml", ".tif", ".png", ".txt"):
            lab = os.path.join(folder, "labels", stem + ext)
            if os.path.isfile(lab):
                pairs.append((img, lab))
                break
    return pairs


_EXPORT_CLASSES = {}


def export_class_names(folder):
    """{class value as text: class name} from the export's esri_model_definition.emd ({} without one)."""
    if folder not in _EXPORT_CLASSES:
        names = {}
        emd = os.path.join(folder, "esri_model_definition.emd")
        if os.path.isfile(emd):
            with open(emd, encoding="utf-8-sig") as f:
                for c in json.load(f).get("Classes") or []:
                    value = c.get("Value", c.get("ClassValue"))
                    name = c.get("Name", c.get("ClassName"))
                    if value is not None and name is not None:
                        names[str(value)] = str(name)
        _EXPORT_CLASSES[folder] = names
    return _EXPORT_CLASSES[folder]


def read_voc(path):
    """PASCAL VOC xml -> [(xmin, ymin, xmax, ymax, name)] in image pixels. ArcGIS (and DeepRaster) write the
    class value as the object's name: it becomes the class name of the export's esri_model_definition.emd."""
    root = ET.parse(path).getroot()
    names = export_class_names(os.path.dirname(os.path.dirname(os.path.abspath(path))))
    out = []
    for obj in root.iter("object"):
        name = obj.findtext("name", "").strip()
        name = names.get(name, name)
        bb = obj.find("bndbox")
        if bb is None:
            out.append((None, None, None, None, name))
            continue
        out.append(tuple(float(bb.findtext(k)) for k in ("xmin", "ymin", "xmax", "ymax")) + (name,))
    return out


# ----------------------------------------------------------------------------- metrics

def prf_table(names, tp, fp, fn, iou=False):
    """Per-class precision, recall, F1 (and IoU) as printable lines and a list of dicts."""
    rows, lines = [], []
    head = "%-14s %9s %9s %9s" % ("class", "precision", "recall", "F1") + ("  %9s" % "IoU" if iou else "") + "  support"
    lines.append(head)
    for k, name in enumerate(names):
        p = tp[k] / max(1, tp[k] + fp[k])
        r = tp[k] / max(1, tp[k] + fn[k])
        f = 2 * p * r / max(1e-9, p + r)
        j = tp[k] / max(1, tp[k] + fp[k] + fn[k])
        rows.append(dict(name=name, precision=round(p, 4), recall=round(r, 4), f1=round(f, 4),
                         iou=round(j, 4), support=int(tp[k] + fn[k])))
        lines.append("%-14s %9.3f %9.3f %9.3f" % (name, p, r, f) + ("  %9.3f" % j if iou else "")
                     + "  %7d" % (tp[k] + fn[k]))
    return lines, rows


# ----------------------------------------------------------------------------- ONNX, .emd, .dlpk

def export_onnx(torch, model, example, path, output_name, metadata=None, dynamic_hw=False, output_shape=None):
    """Exports with a dynamic batch axis; `output_shape` (without the batch axis) is written into the
    graph's output declaration so that readers see e.g. [batch, 4096, 7] rather than symbolic axes."""
    import onnx
    model.eval()
    axes = {"image": {0: "batch"}, output_name: {0: "batch"}}
    if dynamic_hw:
        axes["image"].update({2: "height", 3: "width"})
    torch.onnx.export(model, example, path, input_names=["image"], output_names=[output_name],
                      dynamic_axes=axes, opset_version=13, do_constant_folding=True)
    m = onnx.load(path)
    if output_shape is not None:
        dims = m.graph.output[0].type.tensor_type.shape.dim
        for d, v in zip(list(dims)[1:], output_shape):
            d.Clear()
            d.dim_value = v
        onnx.save(m, path)
    onnx.checker.check_model(m)
    if metadata:
        del m.metadata_props[:]
        for k, v in metadata.items():
            p = m.metadata_props.add()
            p.key = k
            p.value = v
        onnx.save(m, path)
    return path


def write_package(out_dir, name, emd, onnx_path):
    """Writes NAME/NAME.emd + NAME.onnx unpacked and NAME.dlpk (zip of both) under out_dir."""
    pkg_dir = os.path.join(out_dir, name)
    os.makedirs(pkg_dir, exist_ok=True)
    emd = dict(emd)
    emd["ModelFile"] = name + ".onnx"
    emd_path = os.path.join(pkg_dir, name + ".emd")
    with open(emd_path, "w") as f:
        json.dump(emd, f, indent=2)
        f.write("\n")
    final_onnx = os.path.join(pkg_dir, name + ".onnx")
    if os.path.abspath(onnx_path) != os.path.abspath(final_onnx):
        os.replace(onnx_path, final_onnx)
    dlpk = os.path.join(out_dir, name + ".dlpk")
    with zipfile.ZipFile(dlpk, "w", zipfile.ZIP_DEFLATED) as z:
        for p in (emd_path, final_onnx):
            info = zipfile.ZipInfo(os.path.basename(p), date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(p, "rb") as f:
                z.writestr(info, f.read())
    log("wrote %s (%d bytes), %s" % (dlpk, os.path.getsize(dlpk), pkg_dir))
    return dlpk


def classes_json(names_colours, start_value=1):
    return [{"Value": v, "Name": n, "Color": list(c)} for v, n, c in names_colours]


def write_metrics(name, data, out=None):
    """metrics/NAME.json under `out` (default sample-models/, the shipped figures)."""
    path = os.path.join(out or SAMPLE_MODELS, "metrics", name + ".json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    log("metrics written to", path)


def command_line():
    return "/usr/bin/python3 " + " ".join([os.path.relpath(sys.argv[0], REPO)] + sys.argv[1:])


class Schedule:
    """Warm-up then cosine decay of the learning rate over whichever ends first: the step count or the
    time budget (so that a run cut short by the budget still ends with a small learning rate)."""

    def __init__(self, opt, max_lr, total_steps, minutes, warmup=0.05):
        self.opt, self.max_lr, self.total, self.budget, self.warmup = opt, max_lr, total_steps, minutes * 60, warmup
        self.t0 = time.time()
        self.step_no = 0

    def progress(self):
        return max(self.step_no / self.total, (time.time() - self.t0) / self.budget)

    def done(self):
        return self.progress() >= 1.0

    def step(self):
        p = min(1.0, self.progress())
        lr = self.max_lr * (p / self.warmup if p < self.warmup else 0.5 * (1 + np.cos(np.pi * (p - self.warmup) / (1 - self.warmup))))
        for g in self.opt.param_groups:
            g["lr"] = max(lr, self.max_lr * 0.01)
        self.step_no += 1
