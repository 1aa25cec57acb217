"""Impress presentations (pptx via python-pptx) and Impress settings.

Semantics follow OSWorld's desktop_env/evaluators/metrics/slides.py (read in the karakuri-ai/OSWorld-JP
mirror of xlang-ai/OSWorld, June 2025); this is our own code. A missing or unreadable file scores 0.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
import zipfile

from deskpilot.evals.metrics.config import xcu_value

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A_NS, "p": P_NS}
PICTURE, TABLE, PLACEHOLDER_BOX = 13, 19, 5  # python-pptx MSO_SHAPE_TYPE values OSWorld compares
EMU_PER_INCH = 914400

# compare_pptx_files options and their defaults (OSWorld's).
PPTX_DEFAULTS = {
    "examine_number_of_slides": True,
    "examine_shape": True,
    "examine_text": True,
    "examine_indent": True,
    "examine_font_name": True,
    "examine_font_size": True,
    "examine_font_bold": True,
    "examine_font_italic": True,
    "examine_color_rgb": True,
    "examine_font_underline": True,
    "examine_strike_through": True,
    "examine_alignment": True,
    "examine_title_bottom_position": False,
    "examine_table_bottom_position": False,
    "examine_right_position": False,
    "examine_top_position": False,
    "examine_shape_for_shift_size": False,
    "examine_image_size": False,
    "examine_modify_height": False,
    "examine_bullets": True,
    "examine_background_color": True,
    "examine_note": True,
}


def _open(path):
    from pptx import Presentation

    try:
        return Presentation(path)
    except Exception:
        return None


def _background(slide):
    fill = slide.background.fill
    try:
        return fill.fore_color.rgb if fill.type == 1 else None  # MSO_FILL.SOLID
    except (AttributeError, TypeError):
        return None


def _notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text.strip() if slide.has_notes_slide else ""


def _geometry(shape) -> tuple:
    return (shape.left, shape.top, shape.width, shape.height)


def _bullets(shape) -> list[tuple]:
    """(level, bullet char, text, bullet colour) per paragraph of a shape's text body."""
    out = []
    for paragraph in shape.text_frame._txBody.iter(f"{{{A_NS}}}p"):
        ppr = paragraph.find("a:pPr", NS)
        char = ppr.find("a:buChar", NS) if ppr is not None else None
        color = ppr.find("a:buClr/a:srgbClr", NS) if ppr is not None else None
        out.append(
            (
                ppr.get("lvl") if ppr is not None else None,
                char.get("char") if char is not None else None,
                "".join(t.text or "" for t in paragraph.iter(f"{{{A_NS}}}t")),
                color.get("val") if color is not None else None,
            )
        )
    return out


def _run_color(run):
    try:
        return run.font.color.rgb
    except AttributeError:  # no colour, or a theme colour without an RGB value
        return None


def _position_checks(opts: dict, index: int, s1, s2) -> bool:
    """OSWorld's task-specific position options; False when a check fails."""
    same = _geometry(s1) == _geometry(s2)
    text1, text2 = getattr(s1, "text", None), getattr(s2, "text", None)
    if opts["examine_title_bottom_position"]:
        if text1 is not None and text1 == text2:
            if text1 == "Product Comparison" and (s1.top <= s2.top or s1.top < 3600000):
                return False
        elif not same:
            return False
    if opts["examine_table_bottom_position"]:
        if index == 3 and s1.shape_type == TABLE and s2.shape_type == TABLE:
            if s1.top <= s2.top or s1.top < 3600000:
                return False
        elif not same:
            return False
    if opts["examine_right_position"] and index == 2 and text1 is None and text2 is None:
        if s1.left <= s2.left or s1.left < 4320000:
            return False
    if opts["examine_top_position"]:
        if index == 2 and s1.shape_type == PICTURE and s2.shape_type == PICTURE:
            if s1.top >= s2.top or s1.top > 1980000:
                return False
        elif not same:
            return False
    if opts["examine_shape_for_shift_size"] and not same:
        if not (text1 is not None and text1 == text2 == "Elaborate on what you want to discuss."):
            return False
    if opts["examine_shape"] and not same:
        return False
    if opts["examine_image_size"]:
        if s1.shape_type == PICTURE and s2.shape_type == PICTURE:
            if (s1.width, s1.height) != (s2.width, s2.height):
                return False
        elif not same:
            return False
    if opts["examine_modify_height"]:
        if (text1 is None and text2 is None) or (s1.shape_type == PLACEHOLDER_BOX == s2.shape_type):
            if s1.height != s2.height:
                return False
        elif not same:
            return False
    return True


def _same_text(opts: dict, s1, s2) -> bool:
    if s1.text.strip() != s2.text.strip() and opts["examine_text"]:
        return False
    for p1, p2 in zip(s1.text_frame.paragraphs, s2.text_frame.paragraphs, strict=False):
        if opts["examine_alignment"] and p1.alignment != p2.alignment:
            return False
        if opts["examine_text"] and p1.text != p2.text:
            return False
        if opts["examine_indent"] and p1.level != p2.level:
            return False
        for r1, r2 in zip(p1.runs, p2.runs, strict=False):
            f1, f2 = r1.font, r2.font
            checks = (
                ("examine_font_name", f1.name, f2.name),
                ("examine_font_size", f1.size, f2.size),
                ("examine_font_bold", f1.bold, f2.bold),
                ("examine_font_italic", f1.italic, f2.italic),
                ("examine_font_underline", f1.underline, f2.underline),
                (
                    "examine_strike_through",
                    f1._element.get("strike", "noStrike"),
                    f2._element.get("strike", "noStrike"),
                ),
            )
            if any(opts[name] and a != b for name, a, b in checks):
                return False
            c1, c2 = _run_color(r1), _run_color(r2)
            if opts["examine_color_rgb"] and c1 is not None and c2 is not None and c1 != c2:
                return False
        if opts["examine_bullets"] and p1.runs and p2.runs and _bullets(s1) != _bullets(s2):
            return False
    return True


def compare_pptx_files(result, expected, **options) -> float:
    """The presentations match slide by slide and shape by shape: geometry, text, paragraph alignment and
    level, run fonts (name, size, bold, italic, underline, strike, RGB colour), bullets, slide background
    and notes. Each aspect can be turned off with its `examine_*` option (defaults in PPTX_DEFAULTS)."""
    unknown = {k for k in options if k.startswith("examine_")} - set(PPTX_DEFAULTS)
    if unknown:
        from deskpilot.evals.errors import Unsupported

        raise Unsupported(f"compare_pptx_files options {sorted(unknown)}")
    opts = {**PPTX_DEFAULTS, **{k: v for k, v in options.items() if k in PPTX_DEFAULTS}}
    first, second = (_open(result) if result else None), (_open(expected) if expected else None)
    if first is None or second is None:
        return 0.0
    if opts["examine_number_of_slides"] and len(first.slides) != len(second.slides):
        return 0.0
    for index, (slide1, slide2) in enumerate(zip(first.slides, second.slides, strict=False), start=1):
        if opts["examine_background_color"] and _background(slide1) != _background(slide2):
            return 0.0
        if opts["examine_note"] and _notes(slide1) != _notes(slide2):
            return 0.0
        for s1, s2 in zip(slide1.shapes, slide2.shapes, strict=False):
            if not _position_checks(opts, index, s1, s2):
                return 0.0
            if s1.has_text_frame and s2.has_text_frame and not _same_text(opts, s1, s2):
                return 0.0
    return 1.0


def check_slide_orientation_Portrait(result) -> float:
    deck = _open(result) if result else None
    return float(deck is not None and deck.slide_width < deck.slide_height)


def check_image_stretch_and_center(result, expected) -> float:
    """The original's first picture on slide 1 now fills the slide (within half an inch) and is centred."""
    got, original = (_open(result) if result else None), (_open(expected) if expected else None)
    if got is None or original is None:
        return 0.0
    pictures = [s for s in original.slides[0].shapes if s.shape_type == PICTURE]
    if not pictures:
        return 0.0
    blob = pictures[0].image.blob
    moved = [s for s in got.slides[0].shapes if s.shape_type == PICTURE and s.image.blob == blob]
    if not moved:
        return 0.0
    image, half_inch = moved[-1], EMU_PER_INCH / 2
    width, height = original.slide_width, original.slide_height
    return float(
        abs(image.width - width) <= half_inch
        and abs(image.height - height) <= half_inch
        and abs(image.left - (width - image.width) / 2) <= half_inch
        and abs(image.top - (height - image.height) / 2) <= half_inch
    )


def check_transition(result, rules: dict) -> float:
    """Slide rules["slide_idx"] (from 0) has a transition of kind rules["transition_type"] (e.g. dissolve)."""
    if not result:
        return 0.0
    try:
        with zipfile.ZipFile(result) as archive:
            root = ET.fromstring(archive.read(f"ppt/slides/slide{rules['slide_idx'] + 1}.xml"))
    except (KeyError, OSError, zipfile.BadZipFile, ET.ParseError):
        return 0.0
    transition = root.find(".//p:transition", NS)
    return float(
        transition is not None and transition.find(f".//p:{rules['transition_type']}", NS) is not None
    )


def _tone(hex_rgb: str, color: str, margin: int = 50) -> bool:
    r, g, b = (int(hex_rgb[i : i + 2], 16) for i in (0, 2, 4))
    return {
        "red": r > g + margin and r > b + margin,
        "blue": b > g + margin and b > r + margin,
        "green": g > r + margin and g > b + margin,
        "black": r < margin and g < margin and b < margin,
    }.get(color, True)


def check_page_number_colors(result, rules: dict) -> float:
    """The slide master's second-to-last solid RGB fill (the slide-number colour in Impress's files) has
    the tone rules["color"] (red, blue, green or black)."""
    if not result:
        return 0.0
    try:
        with zipfile.ZipFile(result) as archive:
            root = ET.fromstring(archive.read("ppt/slideMasters/slideMaster1.xml"))
    except (KeyError, OSError, zipfile.BadZipFile, ET.ParseError):
        return 0.0
    colors = [e.get("val") for e in root.findall(".//a:solidFill//a:srgbClr", NS)]
    if len(colors) < 2 or not colors[-2]:
        return 0.0
    return float(_tone(colors[-2], rules["color"]))


def evaluate_presentation_fill_to_rgb_distance(result, rules: dict) -> float:
    """1 minus the mean normalised RGB distance of each slide's solid background (or its master's) to
    rules["rgb"]; a slide without a solid fill counts as distance 1."""
    deck = _open(result) if result else None
    if deck is None or not deck.slides:
        return 0.0
    target = rules["rgb"]

    def distance(slide) -> float:
        fill = slide.background.fill
        if fill.type == 5:  # MSO_FILL.BACKGROUND: inherited from the master
            fill = slide.slide_layout.slide_master.background.fill
        if fill.type != 1:
            return 1.0
        rgb = fill.fore_color.rgb
        return math.dist(rgb, target) / math.dist((0, 0, 0), (255, 255, 255))

    return 1.0 - sum(distance(s) for s in deck.slides) / len(deck.slides)


def check_presenter_console_disable(result) -> float:
    """registrymodifications.xcu turns Impress's presenter screen off."""
    value = xcu_value(result, "/org.openoffice.Office.Impress/Misc/Start", "EnablePresenterScreen")
    return float(value is not None and value.lower() == "false")


def check_auto_saving_time(result, rules: dict) -> float:
    """registrymodifications.xcu sets the autosave interval to rules["minutes"]."""
    value = xcu_value(result, "/org.openoffice.Office.Common/Save/Document", "AutoSaveTimeIntervall")
    try:
        return float(value is not None and int(value) == rules["minutes"])
    except ValueError:
        return 0.0


def check_left_panel(result) -> float:
    """Impress's slide pane is shown: the accessibility tree has a visible split pane at (0, 0) of its
    window (cp:parentcoord). OSWorld's server writes no parentcoord, so upstream this check can never
    pass; our tree (deskpilot/evals/a11y.py) gives each showing node its position in its window."""
    from deskpilot.evals.metrics.basic import A11Y_NS  # our a11y.py namespaces

    if not result:
        return 0.0
    root = ET.fromstring(result)
    for pane in root.iter("split-pane"):
        if pane.get(f"{{{A11Y_NS['cp']}}}parentcoord") == "(0, 0)" and pane.get(
            f"{{{A11Y_NS['st']}}}visible"
        ):
            return 1.0
    return 0.0


METRICS = {
    f.__name__: f
    for f in (
        compare_pptx_files,
        check_slide_orientation_Portrait,
        check_image_stretch_and_center,
        check_transition,
        check_page_number_colors,
        evaluate_presentation_fill_to_rgb_distance,
        check_presenter_console_disable,
        check_auto_saving_time,
        check_left_panel,
    )
}
