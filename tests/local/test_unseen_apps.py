"""Apps the local model was never tuned on (qalculate, abiword, ristretto): grounding on live desktops,
checked against AT-SPI boxes, and `deskpilot ground` agreeing with the live run's grounding."""

import shutil
import time

import pytest
from local_helpers import button_box, inside

from deskpilot.cli.ground import locate as cli_locate
from deskpilot.desktop import Desktop
from deskpilot.local.agent import Perception
from deskpilot.local.grounding import locate
from deskpilot.local.plans.common import find
from deskpilot.perception.ocr import OCR

pytestmark = pytest.mark.skipif(
    not all(shutil.which(a) for a in ("Xvfb", "openbox", "qalculate-gtk", "abiword", "ristretto")),
    reason="needs Xvfb, openbox, qalculate-gtk, abiword and ristretto (scripts/setup.sh)",
)


@pytest.fixture(scope="module")
def ocr():
    return OCR()


def screen(app: str):
    """A desktop with `app`, its perception (screenshot, AT-SPI tree) once the window has settled."""
    desk = Desktop(size=(1280, 800), apps=[app]).start()
    desk.input.move(1279, 799)  # no hover highlight or tooltip
    desk.wait_settled()
    time.sleep(0.5)
    return desk, Perception(desk, tools=("computer",))


@pytest.mark.parametrize(
    "app,targets",
    [
        ("qalculate", [("click Exact", "Exact", "button"), ("the Functions menu", "Functions", "menu")]),
        ("word processor", [("the Format menu", "Format", "menu"), ("click Bold", "Bold", "button"),
                            ("the Undo button", "Undo", "button")]),
        ("image viewer", [("the View menu", "View", "menu")]),
    ],
)  # fmt: skip
def test_grounding_on_a_bare_screenshot_of_an_unseen_app(app, targets, ocr):
    """OCR, rendered labels and the icon recogniser only (no accessibility tree), as `deskpilot ground`."""
    desk, p = screen(app)
    try:
        nodes = p.nodes()
        for instruction, name, role in targets:
            found = cli_locate(p.shot(), instruction, ocr)
            assert found is not None, instruction
            assert inside(found.point, button_box(nodes, name, role)), (
                instruction,
                found.point,
                found.reason,
            )
    finally:
        p.close()
        desk.close()


def test_ground_command_and_live_run_agree(ocr):
    """The live run's grounding (plans.common.find: accessibility, then OCR and icons) and the cascade on
    the same screen give the same point; `deskpilot ground` on its screenshot lands in the same button."""
    desk, p = screen("word processor")
    try:
        for instruction in ("the Italic button", "click Underline", "the Table menu"):
            live = find(p, instruction)[0]
            same = locate(instruction, p.elements, p.shot, p.screen)[0]
            assert live.point == same.point, instruction
            image_only = cli_locate(p.shot(), instruction, ocr)
            assert image_only is not None and inside(image_only.point, live.box), (
                instruction,
                image_only.reason,
            )
    finally:
        p.close()
        desk.close()
