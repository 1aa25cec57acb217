"""The icon recogniser: names to meanings, theme icons recognised, icon candidates found on an image."""

import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from deskpilot.local.grounding import ground_on, icon_score
from deskpilot.perception import icons
from deskpilot.perception.elements import merge
from deskpilot.perception.ocr import OCR

ADWAITA = Path("/usr/share/icons/Adwaita/scalable/actions")
needs_theme = pytest.mark.skipif(
    not (ADWAITA.is_dir() and shutil.which("rsvg-convert")),
    reason="needs adwaita-icon-theme and librsvg2-bin (scripts/setup.sh)",
)


def render(name: str, size: int = 16) -> Image.Image:
    png = subprocess.run(
        ["rsvg-convert", "-w", str(size), "-h", str(size), str(ADWAITA / f"{name}-symbolic.svg")],
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("RGBA")


def toolbar(names: list[str], background=(246, 245, 244)) -> tuple[Image.Image, dict[str, tuple]]:
    """A light window with a tool bar of icon-only buttons (36 px apart) and a line of text below."""
    image = Image.new("RGB", (420, 120), background)
    draw = ImageDraw.Draw(image)
    boxes = {}
    for i, name in enumerate(names):
        x, y = 12 + 40 * i, 10
        draw.rounded_rectangle((x, y, x + 30, y + 30), 4, outline=(205, 199, 194))
        icon = render(name)
        image.paste(icon, (x + 7, y + 7), icon)
        boxes[name] = (x, y, x + 30, y + 30)
    draw.text((14, 70), "Untitled document - 1 page", fill=(40, 40, 40), font_size=15)
    return image, boxes


def test_meanings_follow_the_icon_naming_spec():
    assert icons.meaning("format-text-bold") == "bold"
    assert icons.meaning("edit-undo") == "undo"
    assert icons.meaning("format-justify-left") == "align left"
    assert icons.meaning("editcut") == "cut"  # old GTK stock names
    assert icons.meaning("none") == ""


def test_a_lone_arrow_on_a_button_means_its_menu():
    """GTK's menu button draws a down arrow ("pan-down"): "the menu button" means it, more than a zoom icon."""
    model = icons.recogniser()
    sure = np.eye(len(model.classes), dtype=np.float32)[
        [model.classes.index("pan-down"), model.classes.index("zoom-in")]
    ]
    arrow, zoom = model.scores("menu", sure)
    assert arrow > 0.2 and arrow > zoom


def test_an_icon_meaning_the_opposite_does_not_match():
    """MiniLM rates "align right" and "align left" 0.87 alike: the opposite icon counts for nothing."""
    model = icons.recogniser()
    sure = np.eye(len(model.classes), dtype=np.float32)
    pairs = [("align right", "format-justify-left", "format-justify-right"), ("previous", "go-next", "go-previous"),
             ("zoom out", "zoom-in", "zoom-out"), ("redo", "edit-undo", "edit-redo")]  # fmt: skip
    for words, wrong, right in pairs:
        scores = model.scores(words, sure[[model.classes.index(wrong), model.classes.index(right)]])
        assert scores[0] == 0 and scores[1] > 0.5, words
    # "back" is the opposite of "next" as well as of "forward" (a word may have two)
    for words, wrong, right in [("next", "gtk-go-back", "go-next"), ("back", "go-next", "go-previous")]:
        scores = model.scores(words, sure[[model.classes.index(wrong), model.classes.index(right)]])
        assert scores[0] == 0 and scores[1] > 0.3, words


def test_drawing_tools_are_matched_by_the_words_people_use():
    """Icon names spell drawing tools and settings otherwise ("draw-freehand" for a pen, "configure" for
    options): the meanings carry the everyday words."""
    model = icons.recogniser()
    sure = np.eye(len(model.classes), dtype=np.float32)
    for words, right, wrong in [("pencil", "draw-freehand", "edit-copy"), ("eraser", "draw-eraser", "edit-paste"),
                                ("settings", "configure", "document-save")]:  # fmt: skip
        scores = model.scores(words, sure[[model.classes.index(right), model.classes.index(wrong)]])
        assert scores[0] > 0.3 and scores[0] > scores[1], words


def test_of_two_sure_icons_the_closer_match_wins():
    assert icon_score(0.5) > icon_score(0.3) > icon_score(0.2) > icon_score(0.1)


@needs_theme
def test_icons_framed_loosely_or_tightly_are_still_recognised():
    """A drawn cluster that took in a neighbour's stroke or left out a faint edge is framed 3 px off: reading
    each candidate at several margins names more of them right than the one margin used in training."""
    names = ["edit-cut", "edit-copy", "edit-paste", "edit-undo", "edit-redo", "document-save", "document-open",
             "zoom-in", "zoom-out", "go-previous", "go-next", "edit-find", "document-print", "list-add"]  # fmt: skip
    model = icons.recogniser()
    right = {"one margin": 0, "several": 0}
    for i in range(0, len(names), 7):
        image, boxes = toolbar(names[i : i + 7])
        for name, (x0, y0, _, _) in boxes.items():
            off = [(x0 + 7 + d, y0 + 7 + d, x0 + 23 - d, y0 + 23 - d) for d in (-3, 3)]
            once = model.probabilities([icons.crop_around(image, b) for b in off])
            for key, p in (("one margin", once), ("several", icons.on_screen(image, off))):
                right[key] += sum(
                    icons.meaning(model.classes[int(k)]) == icons.meaning(name) for k in p.argmax(1)
                )
    assert right["several"] >= right["one margin"] + 3, right


@needs_theme
def test_words_pick_the_right_icon_among_theme_icons():
    names = ["edit-undo", "format-text-bold", "document-save", "edit-copy", "zoom-in"]
    crops = [Image.new("RGB", (28, 28), "white") for _ in names]
    for crop, name in zip(crops, names, strict=True):
        icon = render(name)
        crop.paste(icon, (6, 6), icon)
    model = icons.recogniser()
    for words, expected in [("undo", 0), ("bold", 1), ("save", 2), ("copy", 3), ("zoom in", 4)]:
        scores = model.match(words, crops)
        assert int(scores.argmax()) == expected, (words, scores.round(2).tolist())


@needs_theme
def test_icon_only_buttons_are_found_on_a_bare_image():
    """No accessibility tree and no text on the buttons: the words find the icon; text still wins for text."""
    image, boxes = toolbar(["document-open", "document-save", "edit-undo", "edit-redo", "format-text-bold"])
    elements = merge(None, OCR().read(image), image.size)
    for words, name in [
        ("the Save button", "document-save"),
        ("undo", "edit-undo"),
        ("click Bold", "format-text-bold"),
    ]:
        [best, *_] = ground_on(words, image, elements)
        box = boxes[name]
        assert box[0] <= best.point[0] <= box[2] and box[1] <= best.point[1] <= box[3], (words, best)
    [best, *_] = ground_on("Untitled document", image, elements)
    assert best.element.source == "ocr" and best.point[1] > 60


@needs_theme
def test_icons_beside_separators_and_in_tight_buttons_are_found():
    """A tool bar of 26 px buttons (icons 5 px from their edges), a separator 4 px from an icon and a pressed
    button's frame round another: each icon is its own candidate, and an unnamed button's crop is its icon."""
    image = Image.new("RGB", (200, 60), (238, 238, 236))
    draw = ImageDraw.Draw(image)
    draw.line((31, 8, 31, 40), fill=(160, 160, 160))  # separator
    draw.rectangle((62, 7, 88, 41), outline=(90, 90, 90))  # pressed button's frame
    for x in (36, 66, 120):
        icon = render("zoom-out")
        image.paste(icon, (x, 16), icon)
    blobs = icons.find_blobs(image)
    for x in (36, 66):
        assert any(b[0] >= x - 2 and b[2] <= x + 18 and b[1] >= 14 and b[3] <= 34 for b in blobs), (x, blobs)
    part = icons.drawn_part(image, (115, 7, 141, 41))  # 26 x 34, the icon 5 px from each side
    assert part[2] - part[0] <= 18 and part[3] - part[1] <= 18, part


def test_letters_in_a_grid_are_not_icons():
    """A sheet's column headers: long grid lines keep their one-letter names joined to the grid, no icons."""
    image = Image.new("RGB", (400, 80), "white")
    draw = ImageDraw.Draw(image)
    for y in (20, 42):
        draw.line((0, y, 399, y), fill=(190, 190, 190))
    for x in range(40, 400, 80):
        draw.line((x, 20, x, 42), fill=(190, 190, 190))
        draw.text((x + 36, 24), "ABCDE"[x // 80], fill="black", font_size=13)
    assert not [b for b in icons.find_blobs(image) if b[1] >= 18 and b[3] <= 44]


def test_blobs_skip_text_and_big_shapes():
    image = Image.new("RGB", (300, 100), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 36, 36), outline="black", width=2)  # an icon-sized drawing
    draw.rectangle((100, 10, 290, 90), outline="black")  # a panel
    draw.text((120, 40), "Hello", fill="black", font_size=16)
    blobs = icons.find_blobs(image, text_boxes=[(115, 35, 175, 62)])
    assert any(b[0] <= 28 <= b[2] and b[1] <= 28 <= b[3] for b in blobs)
    assert not any(b[0] <= 140 <= b[2] and b[1] <= 48 <= b[3] for b in blobs)
    assert all(b[2] - b[0] <= icons.MAX_SIDE for b in blobs)
