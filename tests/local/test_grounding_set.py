"""The grounding set generator (bench/make_grounding_set.py) writes only targets the screenshot shows: a
list's columns scrolled out of their pane, buttons scrolled out of a viewport and a hidden button are in
the accessibility tree but not on the screen; a menu's items drawn below its window's edge are."""

import shutil
import sys
import time
from pathlib import Path

import pytest

from deskpilot.desktop import Desktop
from deskpilot.perception.a11y import A11y

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
import make_grounding_set as sets  # noqa: E402

APP = Path(__file__).with_name("panes_app.py")

pytestmark = pytest.mark.skipif(
    not all(shutil.which(a) for a in ("Xvfb", "openbox")), reason="needs Xvfb and openbox (scripts/setup.sh)"
)


def names(writer, shot: int) -> dict[str, list[int]]:
    """The instructions written for one screen, with their boxes (x, y, w, h)."""
    suffix = f"_{shot:02d}.png"
    return {r["instruction"]: r["bbox"] for r in writer.records if r["img_filename"].endswith(suffix)}


def written(writer, shot: int, word: str) -> bool:
    return any(word in instruction for instruction in names(writer, shot))


def test_only_targets_on_the_screen_are_written(tmp_path):
    writer = sets.Writer(tmp_path, "panes_app")
    with Desktop(size=sets.SIZE) as desk:
        desk.launch([sys.executable, str(APP)])
        a11y = A11y(desk.env)
        try:
            for _ in range(40):  # the window's tree is read once it is mapped
                nodes = a11y.snapshot() or []
                if any(n.name == "Close the pantry" for n in nodes):
                    break
                time.sleep(0.25)
            sets.capture_a11y(desk, writer, "panes_app", a11y)
            assert sets.click(desk, a11y, "panes_app", "Seasons", "menu")
            time.sleep(0.5)
            sets.capture_a11y(desk, writer, "panes_app", a11y)
            frame = next(n.box for n in a11y.snapshot() or [] if n.role == "frame" and n.name == "Panes")
        finally:
            a11y.close()
    first = names(writer, 0)
    for seen in ("Walnut", "Chestnut", "Shelf 1", "Shelf 4", "Close the pantry"):
        assert written(writer, 0, seen), (seen, first)
    # scrolled out of their panes (Shelf 5: all but a strip of it), yet inside the window's box; or hidden
    for hidden in ("Almond", "Pecan", "Macadamia", "Shelf 5", "Shelf 9", "Shelf 12", "Secret drawer"):
        assert not written(writer, 0, hidden), (hidden, first)
    # every box written is inside the window (on the screen)
    for x, y, w, h in first.values():
        assert frame[0] <= x and frame[1] <= y and x + w <= frame[2] and y + h <= frame[3] and min(w, h) >= 6
    # the open menu's last items lie below the window's bottom edge: drawn on the screen all the same
    menu = names(writer, 1)
    last = next((box for instruction, box in menu.items() if "Rain week" in instruction), None)
    assert written(writer, 1, "Early spring") and last is not None, menu
    assert last[1] > frame[3], (last, frame)  # the test's point: that item is below the window
