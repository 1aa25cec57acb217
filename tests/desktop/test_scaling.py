"""Property tests of the one scaling module, for any screen size and aspect ratio."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskpilot.core.scaling import (
    API_MAX_LONG_EDGE,
    API_MAX_PIXELS,
    LEGACY_TARGETS,
    Scaling,
    api_image_size,
    legacy_image_size,
)

sides = st.integers(min_value=16, max_value=8192)
policies = st.sampled_from(["api", "none", "legacy", *LEGACY_TARGETS])


@st.composite
def scaling_and_screen_point(draw, policy=policies):
    scaling = Scaling.for_screen(draw(sides), draw(sides), policy=draw(policy))
    x = draw(st.integers(0, scaling.screen_width - 1))
    y = draw(st.integers(0, scaling.screen_height - 1))
    return scaling, x, y


@st.composite
def scaling_and_image_point(draw, policy=policies):
    scaling = Scaling.for_screen(draw(sides), draw(sides), policy=draw(policy))
    x = draw(st.integers(0, scaling.image_width - 1))
    y = draw(st.integers(0, scaling.image_height - 1))
    return scaling, x, y


@given(sides, sides)
def test_api_size_respects_the_limits_and_keeps_the_aspect_ratio(width, height):
    iw, ih = api_image_size(width, height)
    assert 1 <= iw <= width and 1 <= ih <= height
    assert max(iw, ih) <= API_MAX_LONG_EDGE
    assert iw * ih <= API_MAX_PIXELS
    # Both sides shrink by the same factor, up to the pixel each loses to truncation.
    assert abs(iw / width - ih / height) < max(1 / width, 1 / height) + 1e-12


@given(sides, sides)
def test_api_size_uses_the_budget(width, height):
    """A scaled image is as large as the limits allow: it reaches the long-edge limit or the pixel limit."""
    iw, ih = api_image_size(width, height)
    if (iw, ih) != (width, height):
        assert max(iw, ih) >= API_MAX_LONG_EDGE - 1 or (iw + 1) * (ih + 1) > API_MAX_PIXELS


@given(scaling_and_image_point(policy=st.sampled_from(["api", "none", "legacy"])))
def test_image_to_screen_to_image_is_exact_when_downscaling(case):
    scaling, x, y = case
    sx, sy = scaling.to_screen(x, y)
    assert 0 <= sx < scaling.screen_width and 0 <= sy < scaling.screen_height
    assert scaling.to_image(sx, sy) == (x, y)


@given(scaling_and_screen_point())
def test_screen_to_image_to_screen_lands_within_half_an_image_pixel(case):
    scaling, x, y = case
    ix, iy = scaling.to_image(x, y)
    assert scaling.in_image(ix, iy)
    sx, sy = scaling.to_screen(ix, iy)
    ratio_x = scaling.screen_width / scaling.image_width
    ratio_y = scaling.screen_height / scaling.image_height
    assert abs(sx - x) <= ratio_x / 2 + 0.5
    assert abs(sy - y) <= ratio_y / 2 + 0.5


@given(scaling_and_screen_point(policy=st.just("api")))
def test_at_common_sizes_a_click_lands_within_one_pixel(case):
    """With the API policy the ratio stays below 3 up to 4K screens, so the round trip is within 1 px."""
    scaling, x, y = case
    if scaling.screen_width / scaling.image_width <= 3 and scaling.screen_height / scaling.image_height <= 3:
        sx, sy = scaling.to_screen(*scaling.to_image(x, y))
        assert abs(sx - x) <= 1 and abs(sy - y) <= 1


@given(
    st.builds(Scaling.for_screen, sides, sides, policy=policies),
    st.integers(-(10**6), 10**6),
    st.integers(-(10**6), 10**6),
)
def test_points_are_clamped_to_the_screen_and_image(scaling, x, y):
    sx, sy = scaling.to_screen(x, y)
    assert 0 <= sx < scaling.screen_width and 0 <= sy < scaling.screen_height
    ix, iy = scaling.to_image(x, y)
    assert scaling.in_image(ix, iy)


@given(
    scaling_and_image_point(policy=st.sampled_from(["api", "none"])), st.integers(1, 400), st.integers(1, 400)
)
def test_a_region_maps_to_the_screen_box_covering_it(case, width, height):
    scaling, x1, y1 = case
    x2, y2 = min(x1 + width, scaling.image_width), min(y1 + height, scaling.image_height)
    sx1, sy1, sx2, sy2 = scaling.region_to_screen(x1, y1, x2, y2)
    assert 0 <= sx1 < sx2 <= scaling.screen_width and 0 <= sy1 < sy2 <= scaling.screen_height
    # Every image pixel of the region maps into the box.
    for ix, iy in ((x1, y1), (x2 - 1, y2 - 1)):
        px, py = scaling.to_screen(ix, iy)
        assert sx1 <= px < sx2 and sy1 <= py < sy2


@pytest.mark.parametrize(
    ("screen", "image"),
    [
        ((1280, 800), (1280, 800)),
        ((1024, 768), (1024, 768)),
        ((1920, 1080), (1429, 804)),
        ((2560, 1440), (1429, 804)),
        ((1512, 982), (1330, 864)),
        ((1080, 1920), (804, 1429)),
        ((3440, 1440), (1568, 656)),
    ],
)
def test_api_size_of_known_screens(screen, image):
    assert api_image_size(*screen) == image


@pytest.mark.parametrize(
    ("screen", "target", "image"),
    [
        ((1920, 1080), None, (1366, 768)),
        ((2560, 1600), None, (1280, 800)),
        ((1600, 1200), None, (1024, 768)),
        ((1920, 1080), "xga", (1024, 768)),
        ((1080, 1920), None, (804, 1429)),
        ((1281, 799), None, (1281, 799)),
    ],
)
def test_legacy_targets(screen, target, image):
    assert legacy_image_size(*screen, target) == image


def test_unknown_legacy_target_is_rejected():
    with pytest.raises(ValueError, match="unknown legacy target 'VGA'"):
        Scaling.for_screen(1920, 1080, policy="VGA")
