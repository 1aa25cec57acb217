"""Perception on real apps: OCR (and its region cache), the AT-SPI worker, the merged element list, MiniLM."""

import os
import signal
import time

import numpy as np
import pytest
from local_helpers import button_box, needs_apps
from PIL import Image, ImageDraw

from deskpilot.perception import semantic
from deskpilot.perception.elements import merge
from deskpilot.perception.ocr import OCR

pytestmark = needs_apps


def test_ocr_reads_calculator_buttons_inside_their_accessible_boxes(calc_desktop, calc_a11y):
    nodes = calc_a11y.snapshot()
    lines = OCR().read(calc_desktop.screenshot())
    found = {ln.text: ln.box for ln in lines}
    for name in ("7", "8", "sqrt", "AC", "Calculator"):
        assert name in found, f"OCR missed {name!r}; read {sorted(found)}"
        box = found[name]
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        truth = button_box(nodes, name, "menu" if name == "Calculator" else "button")
        assert truth[0] <= centre[0] <= truth[2] and truth[1] <= centre[1] <= truth[3], (name, box, truth)


def test_ocr_rereads_only_changed_bands(calc_desktop):
    ocr = OCR()
    image = calc_desktop.screenshot()
    first = ocr.read(image)
    read_once = ocr.stats["read"]
    assert read_once >= 1
    assert ocr.read(image) == first
    assert ocr.stats["read"] == read_once  # all bands came from the cache
    changed = image.copy()
    ImageDraw.Draw(changed).text((20, 20), "HELLO CACHE", fill=(255, 255, 255))  # on the black top band only
    lines = ocr.read(changed)
    assert ocr.stats["read"] == read_once + 1
    assert any("HELLO" in ln.text for ln in lines)


def test_ocr_finds_a_word_inside_a_line_where_it_is_drawn():
    image = Image.new("RGB", (500, 60), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 20), "open the report now", fill="black", font_size=20)
    [line] = OCR().read(image)
    assert line.text.replace(" ", "") == "openthereportnow"  # the recogniser may drop spaces
    x0 = 10 + draw.textlength("open the ", font_size=20)
    x1 = x0 + draw.textlength("report", font_size=20)
    box, on_word_boundaries = line.find("report")
    assert x0 - 3 <= box[0] < (box[0] + box[2]) / 2 < box[2] <= x1 + 3
    assert line.find("nowhere") is None


def test_a11y_snapshot_has_roles_names_states_and_text(calc_a11y):
    nodes = calc_a11y.snapshot()
    by_name = {n.name: n for n in nodes}
    assert by_name["7"].role == "toggle button"
    box = by_name["7"].box
    assert 0 < box[0] < box[2] <= 1280 and 0 < box[1] < box[3] <= 800
    display = [n for n in nodes if n.role == "text" and n.app == "galculator"]
    assert display and display[0].text.strip() == "0"
    assert any("active" in n.states for n in nodes if n.role == "frame")


def test_a11y_is_time_bounded_when_an_app_hangs(calc_desktop, calc_a11y):
    pid = calc_desktop.windows()[0]["pid"]
    os.kill(pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        nodes = calc_a11y.snapshot()  # None (worker killed) or what answered: never galculator's nodes
        assert time.monotonic() - started < calc_a11y.timeout + 1.5
        assert not any(n.app == "galculator" for n in nodes or [])
        assert "no answer" in calc_a11y.last_error
    finally:
        os.kill(pid, signal.SIGCONT)
    nodes = calc_a11y.snapshot()
    assert nodes and any(n.name == "7" for n in nodes)


def test_merge_folds_ocr_into_nodes_and_keeps_the_rest(calc_desktop, calc_a11y):
    nodes = calc_a11y.snapshot()
    lines = OCR().read(calc_desktop.screenshot())
    elements = merge(nodes, lines, calc_desktop.size)
    seven = [e for e in elements if e.text == "7"]
    assert len(seven) == 1 and seven[0].source == "a11y+ocr" and seven[0].role == "toggle button"
    title = [
        e for e in elements if e.text == "galculator" and e.source == "ocr"
    ]  # the title bar: no node has it
    assert title and title[0].box[1] < button_box(nodes, "File", "menu")[1]


def test_minilm_in_numpy_matches_sentence_transformers_reference():
    # The first values of sentence-transformers' own embedding of this sentence (all-MiniLM-L6-v2, normalised).
    reference = [-0.01069, 0.12139, -0.06754, 0.0313, 0.07941, 0.07912]
    vector = semantic.model().encode(["Save the document"])[0]
    assert np.allclose(vector[:6], reference, atol=2e-5)
    assert abs(np.linalg.norm(vector) - 1) < 1e-5


def test_semantic_similarity_ranks_related_labels_first():
    sims = semantic.similarity("store the file on disk", ["Save", "Quit", "Help", "Zoom in"])
    assert int(np.argmax(sims)) == 0


@pytest.mark.parametrize("text", ["", "   "])
def test_ocr_of_blank_images_is_empty(text):
    image = Image.new("RGB", (300, 300), (40, 40, 40))
    ImageDraw.Draw(image).text((10, 10), text, fill="white")
    assert OCR().read(image) == []
