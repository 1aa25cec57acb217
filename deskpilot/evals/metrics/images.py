"""Image metrics (GIMP tasks, screenshots, exported pictures), with Pillow, numpy and scikit-image's SSIM.

Semantics follow OSWorld's metrics/gimp.py and vlc.py (compare_images) in xlang-ai/OSWorld (read in the
karakuri-ai/OSWorld-JP mirror; `reference_base_result` from upstream's newer vlc.py); our own code.
"""

from __future__ import annotations

import os

import numpy as np
from PIL import Image, ImageStat

EPSILON = 0.01  # upstream's margin above reference_base_result


def _open(path):
    if not path:
        return None
    try:
        image = Image.open(path)
        image.load()
        return image
    except (OSError, ValueError):
        return None


def ssim(first: Image.Image, second: Image.Image) -> float:
    """Structural similarity of two same-size images (all channels; 0 when the sizes differ)."""
    from skimage.metrics import structural_similarity

    a, b = np.asarray(first), np.asarray(second)
    if a.shape != b.shape or min(a.shape[:2]) < 7:
        return 0.0
    if a.ndim == 3:
        return float(structural_similarity(a, b, channel_axis=-1, data_range=255))
    return float(structural_similarity(a, b, data_range=255))


def _similar(first, second, threshold: float = 0.9) -> bool:
    return ssim(first, second) >= threshold


def compare_images(result, expected, **options) -> float:
    """SSIM of the grey images, both resized to the smaller one. reference_base_result b: scores
    (s - b) / (1 - b) when s >= b + 0.01, else 0."""
    first, second = _open(result), _open(expected)
    if first is None or second is None:
        return 0.0
    size = min(first.size, second.size)
    grey = [im.convert("L").resize(size, Image.Resampling.LANCZOS) for im in (first, second)]
    score = ssim(*grey)
    base = options.get("reference_base_result")
    if base is None:
        return score
    return (score - base) / (1 - base) if score >= base + EPSILON else 0.0


def compare_image_list(result, expected) -> float:
    """Each pair of images is pixel-identical."""
    results = result if isinstance(result, list) else [result]
    expecteds = expected if isinstance(expected, list) else [expected]
    for a, b in zip(results, expecteds, strict=False):
        first, second = _open(a), _open(b)
        if first is None or second is None:
            return 0.0
        if first.size != second.size or first.convert("RGBA").tobytes() != second.convert("RGBA").tobytes():
            return 0.0
    return 1.0


def _brightness(image) -> float:
    return ImageStat.Stat(image.convert("L")).mean[0]


def _normalized(image, target: float = 128.0):
    factor = target / max(_brightness(image), 1e-6)
    return image.convert("L").point(lambda v: min(255, max(0, int(v * factor))))


def check_brightness_decrease_and_structure_sim(result, expected, **options) -> float:
    """The result is darker than the original and, both brought to mean brightness 128, their mean squared
    difference is below `threshold` (default 0.03)."""
    first, second = _open(result), _open(expected)
    if first is None or second is None or first.size != second.size:
        return 0.0
    mse = np.mean(
        (np.asarray(_normalized(first), np.float32) / 255 - np.asarray(_normalized(second), np.float32) / 255)
        ** 2
    )
    return float(_brightness(first) < _brightness(second) and mse < options.get("threshold", 0.03))


def check_saturation_increase_and_structure_sim(result, expected) -> float:
    """The result is more saturated (mean HSV S) and its H and V channels are SSIM-similar (>= 0.9)."""
    first, second = _open(result), _open(expected)
    if first is None or second is None:
        return 0.0
    hsv1, hsv2 = first.convert("HSV").split(), second.convert("HSV").split()
    more = np.mean(np.asarray(hsv1[1])) > np.mean(np.asarray(hsv2[1]))
    return float(more and _similar(hsv1[0], hsv2[0]) and _similar(hsv1[2], hsv2[2]))


def check_contrast_increase_and_structure_sim(result, expected) -> float:
    """The result's pixel standard deviation is higher and SSIM >= 0.65."""
    first, second = _open(result), _open(expected)
    if first is None or second is None:
        return 0.0
    higher = np.std(np.asarray(first, np.float32)) > np.std(np.asarray(second, np.float32))
    return float(higher and _similar(first, second, 0.65))


def check_file_exists_and_structure_sim(result, expected) -> float:
    first, second = _open(result), _open(expected)
    return float(
        first is not None and second is not None and os.path.isfile(result) and _similar(first, second)
    )


def check_structure_sim(result, expected) -> float:
    """SSIM >= 0.9."""
    first, second = _open(result), _open(expected)
    return float(first is not None and second is not None and _similar(first, second))


def check_structure_sim_with_threshold(result, expected, **options) -> float:
    """SSIM >= ssim_threshold (default 0.85; upstream's newer gimp.py)."""
    first, second = _open(result), _open(expected)
    if first is None or second is None:
        return 0.0
    return float(_similar(first, second, options.get("ssim_threshold", 0.85)))


def check_structure_sim_resized(result, expected) -> float:
    """The result, resized to the expected size, has SSIM >= 0.9."""
    first, second = _open(result), _open(expected)
    if first is None or second is None:
        return 0.0
    return float(_similar(first.convert(second.mode).resize(second.size), second))


def check_palette_and_structure_sim(result, expected) -> float:
    """The result is an indexed (palette) image and, as RGB, SSIM-similar to the expected one."""
    first, second = _open(result), _open(expected)
    if first is None or second is None:
        return 0.0
    return float(first.mode == "P" and _similar(first.convert("RGB"), second.convert("RGB")))


def check_image_mirror(result, expected) -> float:
    """The result is the expected image flipped left-right (SSIM >= 0.99)."""
    first, second = _open(result), _open(expected)
    if first is None or second is None:
        return 0.0
    return float(_similar(first.transpose(Image.Transpose.FLIP_LEFT_RIGHT), second, 0.99))


def check_green_background(result, expected) -> float:
    """Wherever the expected image is not black, the result's pixel is green-dominant."""
    first, second = _open(result), _open(expected)
    if first is None or second is None or first.size != second.size:
        return 0.0
    src = np.asarray(first.convert("RGB")).astype(int)
    background = np.any(np.asarray(second.convert("RGB")) != 0, axis=-1)
    r, g, b = src[..., 0], src[..., 1], src[..., 2]
    return float(np.all(((g > r) & (g > b))[background]))


def check_triangle_position(result) -> float:
    """The second most common colour (the triangle) has its centroid within 5 % of the image centre."""
    image = _open(result)
    if image is None:
        return 0.0
    pixels = np.asarray(image.convert("RGB"))
    colors, counts = np.unique(pixels.reshape(-1, 3), axis=0, return_counts=True)
    if len(colors) < 2:
        return 0.0
    mask = np.all(pixels == colors[np.argsort(counts)][-2], axis=-1)
    centroid = np.argwhere(mask).mean(axis=0)
    shape = np.array(pixels.shape[:2])
    return float(np.all(np.abs(centroid - shape / 2) < 0.05 * shape))


def check_textbox_on_leftside(result) -> float:
    """The leftmost dark pixel (grey < 128) lies in the left 5 % of the image."""
    image = _open(result)
    if image is None:
        return 0.0
    dark = np.asarray(image.convert("L")) < 128
    columns = np.nonzero(dark.any(axis=0))[0]
    return float(len(columns) > 0 and columns[0] < image.width * 0.05)


def check_image_size(result, rules: dict) -> float:
    """The image has rules["width"] and/or rules["height"]."""
    image = _open(result)
    if image is None:
        return 0.0
    return float(rules.get("width") in (None, image.width) and rules.get("height") in (None, image.height))


def check_image_file_size(result, rules: dict) -> float:
    """The file is smaller than rules["max_size"] bytes."""
    return float(bool(result) and os.path.isfile(result) and os.path.getsize(result) < rules["max_size"])


def check_config_status(result, rules: dict) -> float:
    """A gimprc-style line "(key [subkey] ... value)" has rules["key"] (a name or [name, subname]) and
    ends with rules["value"]."""
    if not result:
        return 0.0
    keys = [rules["key"]] if isinstance(rules["key"], str) else list(rules["key"])
    with open(result, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            items = line.strip().lstrip("(").rstrip(")").split()
            if len(items) > len(keys) - 1 and items[: len(keys)] == keys and items[-1] == rules["value"]:
                return 1.0
    return 0.0


METRICS = {
    f.__name__: f
    for f in (
        compare_images,
        compare_image_list,
        check_brightness_decrease_and_structure_sim,
        check_saturation_increase_and_structure_sim,
        check_contrast_increase_and_structure_sim,
        check_file_exists_and_structure_sim,
        check_structure_sim,
        check_structure_sim_with_threshold,
        check_structure_sim_resized,
        check_palette_and_structure_sim,
        check_image_mirror,
        check_green_background,
        check_triangle_position,
        check_textbox_on_leftside,
        check_image_size,
        check_image_file_size,
        check_config_status,
    )
}
