"""Grounding on real screenshots of real apps, checked against AT-SPI boxes; the ScreenSpot sample smoke test."""

import json
import time
from pathlib import Path

import pytest
from local_helpers import button_box, inside, needs_apps
from PIL import Image

from deskpilot.cli.ground import bench, locate
from deskpilot.desktop import Desktop
from deskpilot.local.grounding import ground, parse_query
from deskpilot.perception.a11y import A11y
from deskpilot.perception.elements import Element, merge
from deskpilot.perception.ocr import OCR, OcrLine, OcrWord

SCREENSPOT = Path(__file__).resolve().parents[3] / "shared" / "data" / "screenspot-sample"
# The real ScreenSpot sample lives in ../shared beside the checkout (there in CI and on developer machines).
needs_screenspot = pytest.mark.skipif(
    not SCREENSPOT.is_dir(), reason=f"{SCREENSPOT} is not beside this checkout"
)


@pytest.mark.parametrize(
    "description,text,roles,ordinal,position,window",
    [
        ("click the Save button", "save", {"push button", "toggle button"}, 0, None, ""),
        ("the second Save button in the dialog", "save", {"push button", "toggle button"}, 2, None, ""),
        ("File menu", "file", {"menu", "menu item", "check menu item", "radio menu item"}, 0, None, ""),
        ("the OK button at the bottom", "ok", {"push button", "toggle button"}, 0, (None, 1.0), ""),
        ("'Top secret'", "Top secret", set(), 0, None, ""),
        ("the 7 key in the calculator", "7", {"push button", "toggle button"}, 0, None, "calculator"),
        ("the last link", "", {"link"}, -1, None, ""),
        ("click the left button", "", {"push button", "toggle button"}, 0, (0.0, None), ""),
        # capitalised and alone, an ordinal or position word is a name (alignment buttons, a "First" item)
        ("the Left button", "left", {"push button", "toggle button"}, 0, None, ""),
        ("select Last", "last", set(), 0, None, ""),
        ("click the Top Right corner", "", set(), 0, (1.0, 0.0), ""),
        ("the Zoom In button", "zoom in", {"push button", "toggle button"}, 0, None, ""),
        ("click ,", ",", set(), 0, None, ""),
        ("click x!", "x!", set(), 0, None, ""),  # a factorial key, not an exclamation
        # role and filler words inside a Title Case name are the name; a role noun last stays a role
        ("File Size", "file size", set(), 0, None, ""),
        ("click Text Box...", "text box...", set(), 0, None, ""),
        ("the Edit Menu", "edit", {"menu", "menu item", "check menu item", "radio menu item"}, 0, None, ""),
        # a position word right after a name word ends the name (tool buttons "Align right", "Rotate left")
        ("select Align right", "align right", set(), 0, None, ""),
        ("the Rotate left button", "rotate left", {"push button", "toggle button"}, 0, None, ""),
        ("click Save on the right", "save", set(), 0, (1.0, None), ""),
        ("the first button right", "", {"push button", "toggle button"}, 1, (1.0, None), ""),
        # a Title Case action names the folder or file it works on: not a role word
        ("click Add Folder", "add folder", set(), 0, None, ""),
        ("the New File button", "new file", {"push button", "toggle button"}, 0, None, ""),
        ("the Documents folder", "documents", {"table cell", "list item", "icon"}, 0, None, ""),
        # "go to" with first/last names a viewer's navigation action; elsewhere an ordinal counts
        ("Go to last slide", "last slide", set(), 0, None, ""),
        ("go to the second tab", "", {"page tab"}, 2, None, ""),
    ],
)
def test_parse_query(description, text, roles, ordinal, position, window):
    q = parse_query(description)
    assert (q.text, q.roles, q.ordinal, q.position, q.window) == (text, roles, ordinal, position, window)


def _el(text, box, role="", window="w"):
    return Element(box=box, text=text, role=role, source="a11y" if role else "ocr", window=window)


def test_role_ordinal_and_position_words_disambiguate():
    screen = (1000, 800)
    elements = [
        _el("Save", (10, 10, 60, 30), "menu item"),
        _el("Save", (100, 700, 160, 730), "push button"),
        _el("Save", (300, 700, 360, 730), "push button"),
        _el("Save As", (10, 40, 80, 60), "menu item"),
    ]
    assert ground("Save button", elements, screen)[0].element is elements[1]
    assert ground("the second Save button", elements, screen)[0].element is elements[2]
    assert ground("Save menu item", elements, screen)[0].element is elements[0]
    assert ground("Save As", elements, screen)[0].element is elements[3]
    assert ground("the Save at the top", elements, screen)[0].element is elements[0]
    assert ground("purple elephant", elements, screen, semantic=False) == []


def test_two_equal_matches_in_one_window_make_a_question():
    from deskpilot.local.plans.common import NeedUser, check_ambiguous

    elements = [
        _el("Delete", (10, 10, 60, 30), "push button"),
        _el("Delete", (10, 300, 60, 330), "push button"),
    ]
    with pytest.raises(NeedUser, match="Which one do you mean"):
        check_ambiguous(ground("click Delete", elements, (400, 400)), "click Delete")
    check_ambiguous(ground("the second Delete", elements, (400, 400)), "the second Delete")  # no question


def test_a_word_span_inside_an_ocr_line_is_the_click_point():
    words = (
        OcrWord("Open", (10, 5, 50, 25)),
        OcrWord("recent", (56, 5, 110, 25)),
        OcrWord("files", (116, 5, 150, 25)),
    )
    chars = tuple(
        OcrWord(ch, (w.box[0] + i * 8, 5, w.box[0] + i * 8 + 8, 25))
        for w in words
        for i, ch in enumerate(w.text)
    )
    line = OcrLine("Open recent files", (10, 5, 150, 25), 0.99, words, chars)
    [best, *_] = ground("recent", [Element(box=line.box, text=line.text, line=line)], (400, 100))
    assert 56 <= best.point[0] <= 110
    assert best.score >= 0.95


def test_short_labels_standing_alone_and_italic_ones_are_found_on_a_bare_image():
    """A key's "2" beats the "2" of an expression above it; an italic "x" key beats the "x" of "x =";
    "a ∕ b" (division slash) matches OCR's "a / b"."""
    from PIL import ImageDraw, ImageFont

    from deskpilot.local.grounding import ground_on
    from deskpilot.perception.elements import norm

    fonts = Path("/usr/share/fonts/truetype/dejavu")
    upright = ImageFont.truetype(str(fonts / "DejaVuSans.ttf"), 14)
    italic = ImageFont.truetype(str(fonts / "DejaVuSans-Oblique.ttf"), 14)
    image = Image.new("RGB", (400, 200), (246, 245, 244))
    draw = ImageDraw.Draw(image)
    draw.text((20, 20), "2 + (3 × 4)", font=upright, fill="black")
    draw.text((40, 80), "x =", font=italic, fill="black")
    for x0, label, font in ((200, "2", upright), (300, "x", italic)):
        draw.rectangle((x0, 70, x0 + 50, 110), outline=(180, 180, 180))
        draw.text((x0 + 20, 80), label, font=font, fill="black")
    elements = merge(None, OCR().read(image), image.size)
    assert 200 <= ground_on("the 2 button", image, elements)[0].point[0] <= 250
    assert 300 <= ground_on("x", image, elements)[0].point[0] <= 350
    assert norm("a \u2215 b") == norm("a / b") == "a / b"


def test_of_equal_matches_the_label_written_as_asked_wins():
    elements = [_el("Table", (10, 10, 60, 30)), _el("Table...", (10, 100, 90, 120))]
    assert ground("Table...", elements, (400, 400))[0].element is elements[1]
    assert ground("Table", elements, (400, 400))[0].element is elements[0]


def test_a_label_read_as_the_whole_description_beats_one_of_its_words():
    elements = [_el("Copy", (300, 10, 360, 30), "push button"), _el("Texttocopy:", (10, 10, 100, 30))]
    assert ground("click Text to copy:", elements, (400, 400))[0].element is elements[1]
    assert ground("click Copy", elements, (400, 400))[0].element is elements[0]


def test_a_name_asked_with_its_colon_is_the_label_not_the_clickable_word():
    """A form's label "Genre:" and a list's column header "Genre": the colon says which is meant."""
    header = Element(box=(300, 100, 380, 120), text="Genre", role="table column header")
    label = Element(box=(500, 300, 550, 320), text="Genre:", role="label")
    assert header.clickable and not label.clickable
    assert ground("Genre:", [header, label], (800, 600))[0].element is label
    assert ground("click the Genre:", [header, label], (800, 600))[0].element is label
    assert ground("Genre", [header, label], (800, 600))[0].element is header
    ocr_label = _el("Genre:", (500, 300, 550, 320))  # read by OCR alone
    assert ground("Genre:", [header, ocr_label], (800, 600))[0].element is ocr_label


def test_a_name_that_is_a_verb_and_an_ellipsis_stays_a_name():
    """ "Search\u2026" (a menu item, Unicode ellipsis) is not the verb "search" asking for "\u2026"."""
    assert parse_query("Search\u2026").text == "search\u2026"
    assert parse_query("Open...").text == "open..."
    elements = [
        _el("Imported 3 files\u2026", (10, 500, 300, 520)),
        _el("Search\u2026", (10, 40, 90, 60), "menu item"),
    ]
    assert ground("Search\u2026", elements, (800, 600))[0].element is elements[1]


def test_a_loose_match_that_says_the_opposite_is_no_match():
    """ "Previous Track" is not a near miss for "Next Track", nor "Maximize" for "Minimize"."""
    elements = [_el("Previous Track", (10, 10, 120, 30), "push button")]
    assert ground("Next Track", elements, (800, 600), semantic=False) == []
    pair = [
        _el("Maximize", (700, 0, 730, 20), "push button"),
        _el("Minimize", (660, 0, 690, 20), "push button"),
    ]
    assert ground("Minimize", pair[:1], (800, 600), semantic=False) == []
    assert ground("click Minimize", pair, (800, 600))[0].element is pair[1]
    # words that differ without being opposites still match loosely
    assert (
        ground("Next Trak", elements + [_el("Next Track", (10, 40, 120, 60), "push button")], (800, 600))[
            0
        ].element.text
        == "Next Track"
    )


def test_an_unnamed_button_whose_tooltip_reads_as_the_whole_description_is_it():
    """A header-bar button named only by its tooltip ("Browse the history of changes"), asked for in full: its
    stop words are part of what it reads, so it is matched as written, not by meaning."""
    back = Element((10, 10, 40, 40), "", "push button", source="a11y", description="Go back to the start")
    branches = Element(
        (400, 10, 430, 40), "", "push button", source="a11y", description="Browse the history of changes"
    )
    found = ground("Browse the history of changes", [back, branches], (800, 600))
    assert found[0].element is branches and found[0].score >= 0.99


def test_a_tooltip_names_an_action_by_the_word_tooltips_use_for_it():
    from deskpilot.local.grounding import tooltip_names

    assert tooltip_names("find\u2026", "Search filenames and tags")
    assert tooltip_names("find", "Searchfilenames andtags")  # OCR drops a tooltip's spaces
    assert tooltip_names("delete track", "Remove the track")
    assert not tooltip_names("find", "Replace text")
    assert not tooltip_names("undo", "Redo the last action")


def test_a_maths_key_named_by_its_word_is_found_by_its_sign():
    from PIL import ImageDraw, ImageFont

    from deskpilot.local.grounding import ground_on

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 15)
    image = Image.new("RGB", (400, 120), (246, 245, 244))
    draw = ImageDraw.Draw(image)
    for x0, sign in ((20, "7"), (120, "\u00f7"), (220, "\u00d7")):
        draw.rectangle((x0, 40, x0 + 60, 80), outline=(180, 180, 180))
        draw.text((x0 + 25, 50), sign, font=font, fill="black")
    elements = merge(None, OCR().read(image), image.size)
    assert 120 <= ground_on("click divide", image, elements)[0].point[0] <= 180
    assert 220 <= ground_on("the multiply button", image, elements)[0].point[0] <= 280


def test_a_name_also_in_a_title_bar_is_the_control_not_the_title():
    """A file name written alone across the title strip and again beside a picture: the second is meant."""
    from PIL import ImageDraw, ImageFont

    from deskpilot.local.grounding import ground_on

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 14)
    image = Image.new("RGB", (600, 300), (240, 240, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 599, 30), fill=(170, 190, 220))  # the title bar
    draw.text((260, 8), "song.wav", font=font, fill="black")
    draw.ellipse((150, 100, 250, 200), fill=(60, 60, 60))  # the player's picture
    draw.text((270, 140), "song.wav", font=font, fill="black")
    elements = merge(None, OCR().read(image), image.size)
    assert ground_on("song.wav", image, elements)[0].point[1] > 120


@needs_apps
def test_galculator_buttons_ocr_only(calc_desktop, calc_a11y):
    """A bare screenshot (no accessibility): digits, words and menus land inside their AT-SPI boxes."""
    nodes = calc_a11y.snapshot()
    image = calc_desktop.screenshot()
    elements = merge(None, OCR().read(image), image.size)
    targets = {
        "7": "button",
        "5": "button",
        "sqrt": "button",
        "AC": "button",
        "Calculator": "menu",
        "Help": "menu",
    }
    for name, role in targets.items():
        found = ground(f"click {name}", elements, image.size)
        assert found, f"nothing found for {name!r}"
        assert inside(found[0].point, button_box(nodes, name, role)), (name, found[0].point)


@needs_apps
def test_galculator_with_accessibility_finds_symbol_buttons(calc_desktop, calc_a11y):
    nodes = calc_a11y.snapshot()
    elements = merge(nodes, [], calc_desktop.size)
    for name in ("*", "/", "=", "(", "<-"):
        [best, *_] = ground(f"the '{name}' button", elements, calc_desktop.size)
        assert inside(best.point, button_box(nodes, name)), name


@needs_apps
def test_mousepad_menu_items_after_opening_the_file_menu():
    with Desktop(size=(1280, 800), apps=["editor"]) as desk:
        a11y = A11y(desk.env)
        try:
            image = desk.screenshot()
            elements = merge(a11y.snapshot(), OCR().read(image), desk.size)
            [file_menu, *_] = ground("File menu", elements, desk.size)
            desk.input.move(*file_menu.point)
            desk.input.click()
            desk.wait_settled()
            time.sleep(0.3)
            nodes = a11y.snapshot()
            image = desk.screenshot()
            ocr_only = merge(None, OCR().read(image), desk.size)
            for item in ("Save As...", "Open...", "New Window", "Quit"):
                truth = button_box(nodes, item, "menu item")
                [best, *_] = ground(item, ocr_only, desk.size)
                assert inside(best.point, truth), (item, best.point, truth)
        finally:
            a11y.close()


@pytest.fixture(scope="module")
def shared_ocr():
    return OCR()  # its band cache lets the two ScreenSpot tests read each large image once


@needs_screenspot
def test_screenspot_sample_smoke(shared_ocr):
    """Four real ScreenSpot web samples: the reader and scorer run end to end; accuracy is reported, not tuned."""
    result = bench(SCREENSPOT, shared_ocr)
    assert result["samples"] == 4
    assert set(result["by_type"]) == {"text", "icon"}
    print("ScreenSpot sample accuracy:", json.dumps({k: v["accuracy"] for k, v in result["cells"].items()}))
    assert len(result["misses"]) == round(4 * (1 - result["micro_accuracy"]))


@needs_screenspot
def test_ground_cli_point_lands_on_the_word(shared_ocr):
    image = Image.open(SCREENSPOT / "web_dfacd48d-d2c2-492f-b94c-41e6a34ea99f.png")
    cand = locate(image, "champions league", shared_ocr)
    assert cand is not None and "champions" in cand.element.text.lower()


def test_ground_command_prints_x_y_and_fails_when_nothing_matches(tmp_path):
    import subprocess
    import sys

    from PIL import ImageDraw

    image = Image.new("RGB", (400, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 20), "Cancel", fill="black", font_size=18)
    draw.text((250, 70), "Save changes", fill="black", font_size=18)
    path = tmp_path / "shot.png"
    image.save(path)
    cli = [str(Path(sys.executable).parent / "deskpilot")]
    done = subprocess.run([*cli, "ground", str(path), "click Save changes"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    x, y = map(int, done.stdout.split())
    assert 250 <= x <= 250 + draw.textlength("Save changes", font_size=18) and 70 <= y <= 92
    missing = subprocess.run([*cli, "ground", str(path), "Purple elephant"], capture_output=True, text=True)
    assert missing.returncode != 0 and "nothing on the image matches" in missing.stderr


HEADERBAR_APP = Path(__file__).with_name("headerbar_app.py")


def test_header_bar_window_controls_are_found_by_their_glyphs(shared_ocr):
    """A header bar's Minimize and Maximize show no tooltip and no icon theme's picture: `deskpilot ground`
    (the image alone) finds them by their glyphs in the row of window controls; a tab's lone cross is no
    such row."""
    import sys

    from deskpilot.perception import icons

    with Desktop(size=(1280, 800)) as desk:
        desk.launch([sys.executable, str(HEADERBAR_APP)])
        a11y = A11y(desk.env)
        try:
            for _ in range(40):
                nodes = a11y.snapshot() or []
                if any(n.name == "Minimize" for n in nodes):
                    break
                time.sleep(0.25)
        finally:
            a11y.close()
        desk.input.move(1279, 799)
        desk.wait_settled()
        time.sleep(0.5)
        image = desk.screenshot()
    rows = icons.window_controls(image)
    assert len(rows) == 1 and set(rows[0]) == {"minimize", "maximize", "close"}, rows
    # "close the window": the window's cross, not the tab's (a "Close button" may be either)
    for description, name in [("minimise", "Minimize"), ("the Maximize button", "Maximize"),
                              ("close the window", "Close")]:  # fmt: skip
        found = locate(image, description, shared_ocr)
        assert found is not None and inside(found.point, button_box(nodes, name)), (description, found)
