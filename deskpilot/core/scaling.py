"""The one coordinate-scaling module: screen pixels <-> the pixels of the image a model sees.

Three spaces stay explicit: the X screen, the screenshot sent to the model (the "image"), and whatever
a provider's own convention is (normalised, smart-resized); providers convert their convention to image
pixels with the helpers here, and `Scaling` maps image pixels to the screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

API_MAX_LONG_EDGE = 1568
API_MAX_PIXELS = 1_150_000

LEGACY_TARGETS = {"XGA": (1024, 768), "WXGA": (1280, 800), "FWXGA": (1366, 768)}
LEGACY_ASPECT_TOLERANCE = 0.02


def api_image_size(
    width: int, height: int, max_long_edge: int = API_MAX_LONG_EDGE, max_pixels: int = API_MAX_PIXELS
) -> tuple[int, int]:
    """The largest aspect-preserving size within the API's limits (docs formula); never upscales."""
    scale = min(1.0, max_long_edge / max(width, height), math.sqrt(max_pixels / (width * height)))
    return max(1, int(width * scale)), max(1, int(height * scale))


def legacy_image_size(width: int, height: int, target: str | None = None) -> tuple[int, int]:
    """The reference demo's XGA/WXGA/FWXGA targets: the named one, or the first whose aspect ratio matches
    and which is smaller than the screen. Falls back to the API size when none fits."""
    names = [target.upper()] if target else list(LEGACY_TARGETS)
    for name in names:
        if name not in LEGACY_TARGETS:
            raise ValueError(f"unknown legacy target {name!r}; choose one of {', '.join(LEGACY_TARGETS)}")
        tw, th = LEGACY_TARGETS[name]
        if target or (
            abs(tw / th - width / height) < LEGACY_ASPECT_TOLERANCE and tw < width and th <= height
        ):
            return tw, th
    return api_image_size(width, height)


def smart_resize(
    height: int,
    width: int,
    factor: int = 28,
    min_pixels: int = 100 * 28 * 28,
    max_pixels: int = 16384 * 28 * 28,
) -> tuple[int, int]:
    """Qwen2/2.5-VL and UI-TARS-1.5 resizing: both sides multiples of `factor`, area within bounds.
    Returns (height, width) like the reference implementation."""
    h_bar = max(factor, round(height / factor) * factor)
    w_bar = max(factor, round(width / factor) * factor)
    if h_bar * w_bar > max_pixels:
        beta = math.sqrt(height * width / max_pixels)
        h_bar = max(factor, math.floor(height / beta / factor) * factor)
        w_bar = max(factor, math.floor(width / beta / factor) * factor)
    elif h_bar * w_bar < min_pixels:
        beta = math.sqrt(min_pixels / (height * width))
        h_bar = math.ceil(height * beta / factor) * factor
        w_bar = math.ceil(width * beta / factor) * factor
    return h_bar, w_bar


@dataclass(frozen=True)
class Scaling:
    """Maps points between the physical screen and the model's image of it."""

    screen_width: int
    screen_height: int
    image_width: int
    image_height: int

    @classmethod
    def for_screen(
        cls,
        width: int,
        height: int,
        policy: str = "api",
        max_long_edge: int = API_MAX_LONG_EDGE,
        max_pixels: int = API_MAX_PIXELS,
    ) -> Scaling:
        """policy: "api" (docs formula), an image-tier policy from TIER_POLICIES ("high", "high_many"),
        "none" (1:1), or a legacy target name ("XGA", "WXGA", "FWXGA", or "legacy" for the first matching
        one)."""
        if policy in TIER_POLICIES:
            size = tier_image_size(width, height, *TIER_POLICIES[policy])
        elif policy == "api":
            size = api_image_size(width, height, max_long_edge, max_pixels)
        elif policy == "none":
            size = (width, height)
        elif policy == "legacy":
            size = legacy_image_size(width, height)
        else:
            size = legacy_image_size(width, height, policy)
        return cls(width, height, *size)

    @property
    def screen_size(self) -> tuple[int, int]:
        return self.screen_width, self.screen_height

    @property
    def image_size(self) -> tuple[int, int]:
        return self.image_width, self.image_height

    @property
    def is_identity(self) -> bool:
        return self.screen_size == self.image_size

    def in_image(self, x: int, y: int) -> bool:
        return 0 <= x < self.image_width and 0 <= y < self.image_height

    def to_screen(self, x: float, y: float) -> tuple[int, int]:
        """Image pixel -> the screen pixel at its centre, clamped to the screen."""
        sx = math.floor((x + 0.5) * self.screen_width / self.image_width)
        sy = math.floor((y + 0.5) * self.screen_height / self.image_height)
        return _clamp(sx, self.screen_width), _clamp(sy, self.screen_height)

    def to_image(self, x: float, y: float) -> tuple[int, int]:
        """Screen pixel -> the image pixel that contains it, clamped to the image."""
        ix = math.floor((x + 0.5) * self.image_width / self.screen_width)
        iy = math.floor((y + 0.5) * self.image_height / self.screen_height)
        return _clamp(ix, self.image_width), _clamp(iy, self.image_height)

    def region_to_screen(self, x1: int, y1: int, x2: int, y2: int) -> tuple[int, int, int, int]:
        """An image-space box [x1, y1, x2, y2) -> the screen box covering it (far edges exclusive)."""
        sx1 = math.floor(x1 * self.screen_width / self.image_width)
        sy1 = math.floor(y1 * self.screen_height / self.image_height)
        sx2 = math.ceil(x2 * self.screen_width / self.image_width)
        sy2 = math.ceil(y2 * self.screen_height / self.image_height)
        return sx1, sy1, min(sx2, self.screen_width), min(sy2, self.screen_height)


def _clamp(value: int, size: int) -> int:
    return max(0, min(size - 1, value))


def fit_within(width: int, height: int, max_width: int, max_height: int) -> tuple[int, int]:
    """Aspect-preserving size that fits a box (used to fit a zoom crop to the image budget)."""
    scale = min(max_width / width, max_height / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


# Image tiers -------------------------------------------------------------------------------------------
# Anthropic vision docs ("Evaluate image size"): Claude Opus 4.7 and later, Fable 5 and Mythos 5 read up to
# 4784 visual tokens of 28x28 px and 2576 px on the long edge; other models 1568 px and about 1.15 MP. With
# more than 20 images in one request every side must be at most 2000 px (computer-use docs, "Manage
# screenshot history"). The computer_toolset_20260801 rejects an oversized image instead of downscaling it.
PATCH_PX = 28
MANY_IMAGES = 20
MANY_IMAGES_MAX_SIDE = 2000


@dataclass(frozen=True)
class ImageTier:
    """The largest image a model reads without the API resizing (or, for the toolset, rejecting) it."""

    name: str
    max_long_edge: int
    max_pixels: int


STANDARD_TIER = ImageTier("standard", API_MAX_LONG_EDGE, API_MAX_PIXELS)
HIGH_TIER = ImageTier("high", 2576, 4784 * PATCH_PX * PATCH_PX)  # about 3.75 MP
# Scaling policies for the tiers: (tier, cap every side at 2000 px because a request may carry > 20 images)
TIER_POLICIES = {"high": (HIGH_TIER, False), "high_many": (HIGH_TIER, True)}


def tier_policy(tier: ImageTier, max_images_in_request: float) -> str:
    """The `Scaling.for_screen` policy for screenshots of a tier, given how many images a request can hold."""
    if tier == HIGH_TIER:
        return "high_many" if max_images_in_request > MANY_IMAGES else "high"
    return "api"


def tier_image_size(width: int, height: int, tier: ImageTier, many_images: bool = False) -> tuple[int, int]:
    """The largest aspect-preserving size within a tier (and the 2000 px side limit when a request carries
    more than 20 images); never upscales."""
    long_edge = tier.max_long_edge
    w, h = api_image_size(width, height, long_edge, tier.max_pixels)
    if many_images and max(w, h) > MANY_IMAGES_MAX_SIDE:
        w, h = api_image_size(width, height, MANY_IMAGES_MAX_SIDE, tier.max_pixels)
    return w, h


def image_problem(width: int, height: int, tier: ImageTier, images_in_request: int) -> str | None:
    """Why an image of this size would be rejected for a tier, or None when it fits."""
    if max(width, height) > tier.max_long_edge:
        return f"{width}x{height} exceeds the {tier.name} tier's long edge of {tier.max_long_edge} px"
    if width * height > tier.max_pixels:
        return f"{width}x{height} exceeds the {tier.name} tier's {tier.max_pixels} pixels"
    if images_in_request > MANY_IMAGES and max(width, height) > MANY_IMAGES_MAX_SIDE:
        return (
            f"{width}x{height} exceeds {MANY_IMAGES_MAX_SIDE} px on a side in a request with "
            f"{images_in_request} (> {MANY_IMAGES}) images"
        )
    return None


# Normalised coordinates ----------------------------------------------------------------------------------


def from_normalized(value: float, size: int, grid: int = 1000) -> int:
    """A coordinate on a model's 0..grid scale (Gemini: 0-999 of a 1000 grid; Qwen3-VL: 0-1000) -> the
    pixel of an image `size` pixels long that holds it, clamped to the image (Google's helper:
    int(x / 1000 * width))."""
    return _clamp(math.floor(value / grid * size), size)
