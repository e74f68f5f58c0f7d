#!/usr/bin/python3
"""Duplicates and pieces of an instance run, per ground-truth building: rasterises the results and the ground truth
(GeoPackage polygons in map units) on the scene's pixel grid, and for each building counts the results that overlap
it by more than 20 % of the smaller of the two. A building with two such results of its own (each covering more of
it than of any other building) is returned twice or in pieces; a result that spills over onto a neighbour is not.
Also counts pairs of results that overlap each other by more than 10 % and 50 % of the smaller.

    /usr/bin/python3 sample-models/training/instance_duplicates.py RESULTS.gpkg GROUND_TRUTH.gpkg SCENE.tif [TABLE]

Needs numpy and PIL (Debian's python3-numpy, python3-pil); reads the scene's transform from its world-file-like
GeoTIFF tags (ModelPixelScale, ModelTiepoint).
"""
import sqlite3
import struct
import sys

import numpy as np
from PIL import Image, ImageDraw


def tiff_grid(path):
    """Width, height, origin x, origin y, pixel size x, pixel size y from a plain GeoTIFF's first IFD."""
    with open(path, "rb") as f:
        data = f.read()
    e = "<" if data[:2] == b"II" else ">"
    big = struct.unpack(e + "H", data[2:4])[0] == 43
    off = struct.unpack(e + "Q", data[8:16])[0] if big else struct.unpack(e + "I", data[4:8])[0]
    tags = {}
    n = struct.unpack(e + ("Q" if big else "H"), data[off:off + (8 if big else 2)])[0]
    p = off + (8 if big else 2)
    size = {3: 2, 4: 4, 12: 8, 16: 8}
    for _ in range(n):
        if big:
            tag, typ, cnt = struct.unpack(e + "HHQ", data[p:p + 12]); val = data[p + 12:p + 20]; p += 20
        else:
            tag, typ, cnt = struct.unpack(e + "HHI", data[p:p + 8]); val = data[p + 8:p + 12]; p += 12
        nbytes = size.get(typ, 1) * cnt
        raw = val[:nbytes] if nbytes <= len(val) else data[struct.unpack(e + ("Q" if big else "I"), val)[0]:][:nbytes]
        fmt = {3: "H", 4: "I", 12: "d", 16: "Q"}.get(typ)
        if fmt:
            tags[tag] = struct.unpack(e + fmt * cnt, raw)
    w, h = tags[256][0], tags[257][0]
    sx, sy = tags[33550][0], tags[33550][1]
    tp = tags[33922]
    return w, h, tp[3] - tp[0] * sx, tp[4] + tp[1] * sy, sx, sy


def polygons(wkb, o=0):
    """Rings of each polygon of a WKB Polygon/MultiPolygon: [[ring, ...], ...]."""
    e = "<" if wkb[o] == 1 else ">"
    typ = struct.unpack(e + "I", wkb[o + 1:o + 5])[0] % 1000
    o += 5
    if typ == 3:
        rings = []
        nr = struct.unpack(e + "I", wkb[o:o + 4])[0]; o += 4
        for _ in range(nr):
            npts = struct.unpack(e + "I", wkb[o:o + 4])[0]; o += 4
            pts = struct.unpack(e + "d" * (2 * npts), wkb[o:o + 16 * npts]); o += 16 * npts
            rings.append(list(zip(pts[0::2], pts[1::2])))
        return [rings], o
    if typ == 6:
        out = []
        n = struct.unpack(e + "I", wkb[o:o + 4])[0]; o += 4
        for _ in range(n):
            p, o = polygons(wkb, o)
            out += p
        return out, o
    return [], o


def read(gpkg, table=None):
    c = sqlite3.connect(gpkg)
    if table is None:
        table = c.execute("SELECT table_name FROM gpkg_contents WHERE data_type='features'").fetchone()[0]
    col = c.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name=?", (table,)).fetchone()[0]
    out = []
    for (blob,) in c.execute('SELECT "%s" FROM "%s"' % (col, table)):
        if blob is None:
            continue
        flags = blob[3]
        env = [0, 32, 48, 48, 64][(flags >> 1) & 7]
        out.append(polygons(bytes(blob[8 + env:]))[0])
    return out


def masks(polys, grid):
    w, h, x0, y0, sx, sy = grid
    out = []
    for p in polys:
        img = Image.new("1", (w, h))
        d = ImageDraw.Draw(img)
        for rings in p:
            for i, ring in enumerate(rings):
                d.polygon([((x - x0) / sx, (y0 - y) / sy) for x, y in ring], fill=0 if i else 1)
        out.append(np.asarray(img, dtype=bool))
    return out


def main():
    results, truth, scene = sys.argv[1:4]
    grid = tiff_grid(scene)
    r = masks(read(results), grid)
    g = masks(read(truth, sys.argv[4] if len(sys.argv) > 4 else "buildings"), grid)
    ra = np.array([m.sum() for m in r]); ga = np.array([m.sum() for m in g])
    inter = np.array([[np.logical_and(a, b).sum() for b in g] for a in r]) if r and g else np.zeros((len(r), len(g)))
    own = inter.argmax(1) if len(g) else []
    twice = spill = 0
    for j in range(len(g)):
        over = [i for i in range(len(r)) if inter[i, j] > 0.2 * min(ra[i], ga[j])]
        if len(over) > 1:
            if sum(1 for i in over if own[i] == j) > 1:
                twice += 1
            else:
                spill += 1
    pairs10 = pairs50 = 0
    for i in range(len(r)):
        for k in range(i + 1, len(r)):
            o = np.logical_and(r[i], r[k]).sum() / max(1, min(ra[i], ra[k]))
            pairs10 += o > 0.1
            pairs50 += o > 0.5
    print("%d results, %d buildings: %d buildings returned twice or in pieces, %d with a neighbour's result spilling "
          "over; result pairs overlapping > 10 %%: %d, > 50 %%: %d" % (len(r), len(g), twice, spill, pairs10, pairs50))


if __name__ == "__main__":
    main()
