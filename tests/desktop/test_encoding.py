"""The screenshot encoder writes lossless PNGs that standard decoders read."""

from __future__ import annotations

import io
import random

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from deskpilot.tools.computer import encode_image, encode_png


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 300), st.integers(1, 200), st.sampled_from(["RGB", "RGBA", "L"]), st.integers(0, 2**32))
def test_png_round_trip(width, height, mode, seed):
    pixels = random.Random(seed).randbytes(width * height * len(mode))
    image = Image.frombytes(mode, (width, height), pixels)
    decoded = Image.open(io.BytesIO(encode_png(image)))
    assert decoded.format == "PNG" and decoded.mode == "RGB" and decoded.size == (width, height)
    assert decoded.tobytes() == image.convert("RGB").tobytes()


def test_encode_image_gives_png_or_jpeg_bytes():
    image = Image.new("RGB", (64, 48), (10, 200, 30))
    png = Image.open(io.BytesIO(encode_image(image)))
    jpeg = Image.open(io.BytesIO(encode_image(image, "jpeg")))
    assert (png.format, jpeg.format) == ("PNG", "JPEG")
    assert png.getpixel((5, 5)) == (10, 200, 30)
