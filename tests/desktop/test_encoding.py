"""The screenshot encoder writes lossless PNGs that standard decoders read."""

from __future__ import annotations

import io
import random
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from deskpilot.tools.computer import PngEncoder, encode_image, encode_png


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


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 200), st.integers(1, 120), st.integers(0, 2**32))
def test_an_encoder_that_reuses_unchanged_bands_writes_each_image_exactly(width, height, seed):
    """Screenshots one after another, each differing from the last in a few pixels (or not at all), through
    one encoder: every PNG decodes to its own image, and its zlib stream (Adler-32 included) checks out."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    encoder = PngEncoder()
    for _ in range(4):
        for _ in range(rng.randint(0, 3)):
            image.putpixel((rng.randrange(width), rng.randrange(height)), tuple(rng.randbytes(3)))
        png = encoder.encode(image)
        decoded = Image.open(io.BytesIO(png))
        assert decoded.tobytes() == image.tobytes()
        idat = png[33 + 8 : -12 - 4]  # after the signature and IHDR, before the CRC and IEND
        assert len(zlib.decompress(idat)) == height * (width * 3 + 1)
