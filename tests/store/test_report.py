"""The HTML report: escaped text, the actions, and screenshots with the actions drawn on them."""

from __future__ import annotations

import base64
import io
import shutil
from html.parser import HTMLParser

import pytest
from PIL import Image
from store_helpers import BLUE, GREEN, RED, SECRET, sample_events

from deskpilot.core import events as ev
from deskpilot.store import Recorder
from deskpilot.store.report import MARK, write_report


class Figures(HTMLParser):
    """Collects each screenshot figure: its image and the SVG shapes drawn over it."""

    def __init__(self):
        super().__init__()
        self.figures: list[dict] = []
        self.inside = False
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
        elif tag == "figure":
            self.figures.append({"img": None, "svg": None, "shapes": []})
            self.inside = True
        elif self.inside and tag in ("img", "svg"):
            self.figures[-1][tag] = attrs
        elif self.inside and tag in ("circle", "line", "rect"):
            self.figures[-1]["shapes"].append((tag, attrs))

    def handle_endtag(self, tag):
        self.inside = self.inside and tag != "figure"


def decode(src: str) -> Image.Image:
    prefix = "data:image/png;base64,"
    assert src.startswith(prefix)
    return Image.open(io.BytesIO(base64.b64decode(src[len(prefix) :]))).convert("RGB")


def marks(figure: dict) -> list[tuple]:
    return [
        (tag, {k: int(v) for k, v in a.items() if k in ("cx", "cy", "x1", "y1", "x2", "y2")})
        for tag, a in figure["shapes"]
        if a.get("class") == "mark"
    ]


@pytest.fixture
def report(tmp_path):
    with Recorder(tmp_path) as recorder:
        for event in sample_events():
            recorder.handle(event)
    path = write_report(tmp_path)
    assert path == tmp_path / "report.html"
    return path


def test_text_is_escaped_and_the_header_summarises_the_run(report):
    html = report.read_text()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; click" in html
    assert "<script" not in html and "<button>" not in html and "<b>button" not in html
    assert "I will click the &lt;button&gt;." in html and "Done: the &lt;b&gt;button&lt;/b&gt; moved." in html
    for text in ("scripted", "completed", "3000 in / 60 out", "$0.0300", "12.5 s", "640×400 / 320×200"):
        assert text in html, text
    assert "&quot;action&quot;: &quot;left_click_drag&quot;" in html and f"echo {SECRET}" in html
    assert html.count('class="step"') == 4  # three steps and the final screen
    assert "no screenshot was recorded before this action" in html  # the first click


def test_actions_are_drawn_on_the_screenshot_they_were_taken_on(report):
    parser = Figures()
    parser.feed(report.read_text())
    assert parser.scripts == 0
    double, drag, final = parser.figures
    for figure, colour in ((double, RED), (drag, BLUE), (final, GREEN)):
        image = decode(figure["img"]["src"])
        assert image.size == (320, 200) and image.getpixel((300, 190)) == colour
    assert double["svg"]["viewbox"] == "0 0 320 200"
    assert marks(double) == [("circle", {"cx": 200, "cy": 150})]
    assert marks(drag) == [
        ("circle", {"cx": 10, "cy": 20}),
        ("line", {"x1": 10, "y1": 20, "x2": 100, "y2": 120}),
    ]
    assert final["svg"] is None


def test_the_marker_shows_in_a_browser(report, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium")
    assert chromium, "chromium is part of the desktop's apps (scripts/setup.sh)"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(report.as_uri())
        png = page.locator(".shot").first.screenshot()
        browser.close()
    shot = Image.open(io.BytesIO(png)).convert("RGB")
    assert shot.size[0] in (320, 322)  # the image at its own size, maybe with its border
    offset = (shot.size[0] - 320) // 2
    mark = tuple(int(MARK[i : i + 2], 16) for i in (1, 3, 5))
    assert _close(shot.getpixel((200 + offset, 150 + offset)), mark)  # the click, on the RED screen
    assert _close(shot.getpixel((300 + offset, 40 + offset)), RED)


def _close(a, b, tolerance=12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def test_a_missing_screenshot_is_reported_not_fatal(tmp_path):
    events = [e for e in sample_events() if e.kind != ev.FINISHED]
    with Recorder(tmp_path) as recorder:
        for event in events:
            recorder.handle(event)
    next(tmp_path.glob("shots/*.png")).unlink()
    html = write_report(tmp_path).read_text()
    assert "is missing or damaged" in html and "interrupted (no finish was recorded)" in html
    assert html.count("<img") == 2
