"""Shared real desktops for the local model's tests (started once per module: each costs about a second)."""

import pytest

from deskpilot.desktop import Desktop
from deskpilot.perception.a11y import A11y


@pytest.fixture(scope="module")
def calc_desktop():
    with Desktop(size=(1280, 800), apps=["calculator"]) as desk:
        yield desk


@pytest.fixture(scope="module")
def calc_a11y(calc_desktop):
    a11y = A11y(calc_desktop.env)
    yield a11y
    a11y.close()
