#!/usr/bin/python3
# Makes float-predictor3.tif: 37 x 23 float32, DEFLATE with the floating-point predictor (3),
# written by libtiff through Pillow (Debian python3-pil). Value at (x, y): x * 1.5 - y * 0.25 + 0.125.
from PIL import Image, TiffImagePlugin

w, h = 37, 23
im = Image.new('F', (w, h))
px = im.load()
for y in range(h):
    for x in range(w):
        px[x, y] = x * 1.5 - y * 0.25 + 0.125
TiffImagePlugin.WRITE_LIBTIFF = True
im.save('float-predictor3.tif', compression='tiff_adobe_deflate', tiffinfo={317: 3})
