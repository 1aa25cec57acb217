"""Writer documents (docx via python-docx, odt via odfpy).

Semantics follow OSWorld's desktop_env/evaluators/metrics/docs.py (read in the karakuri-ai/OSWorld-JP
mirror of xlang-ai/OSWorld, June 2025); this is our own code. A missing file scores 0.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from rapidfuzz import fuzz

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OOR_NS = {"oor": "http://openoffice.org/2001/registry"}


def _docx(path):
    from docx import Document

    try:
        return Document(path)
    except Exception:  # not a docx (the agent saved another format, or broke it)
        return None


def _odt_paragraphs(path) -> list[str] | None:
    from odf import teletype
    from odf.opendocument import load
    from odf.text import P

    try:
        doc = load(path)
    except Exception:
        return None
    return [teletype.extractText(p) for p in doc.getElementsByType(P)]


def _paragraphs(path) -> list[str] | None:
    path = str(path)
    if path.endswith(".odt"):
        return _odt_paragraphs(path)
    doc = _docx(path)
    return None if doc is None else [p.text for p in doc.paragraphs]


def _squash(paragraphs: list[str], fold: bool) -> str:
    text = re.sub(r"\s+", " ", "\n".join(paragraphs)).strip()
    return text.lower() if fold else text


def compare_docx_files(result, expected, **options) -> float:
    """Paragraph text equality. ignore_blanks (default on): whitespace runs collapse; ignore_case;
    ignore_order: paragraphs compare sorted; delete_empty_lines: empty paragraphs are dropped;
    content_only / fuzzy_match: rapidfuzz ratio of the collapsed texts (fractional)."""
    if not result or not expected:
        return 0.0
    if str(result).rsplit(".", 1)[-1] != str(expected).rsplit(".", 1)[-1]:
        return 0.0
    first, second = _paragraphs(result), _paragraphs(expected)
    if first is None or second is None:
        return 0.0
    if options.get("delete_empty_lines"):
        first, second = [p for p in first if p.strip()], [p for p in second if p.strip()]
    if options.get("ignore_order"):
        first, second = sorted(first), sorted(second)
    fold = options.get("ignore_case", False)
    if options.get("content_only") or options.get("fuzzy_match"):
        return fuzz.ratio(_squash(first, fold), _squash(second, fold)) / 100.0
    if options.get("ignore_blanks", True):
        return float(_squash(first, fold) == _squash(second, fold))
    if fold:
        first, second = [p.lower() for p in first], [p.lower() for p in second]
    return float(first == second)


def compare_docx_files_and_ignore_new_lines(result, expected, **options) -> float:
    """compare_docx_files on the non-empty paragraphs only."""
    return compare_docx_files(result, expected, delete_empty_lines=True, **options)


def compare_docx_tables(result, expected) -> float:
    """Same number of tables, same shapes, same stripped cell texts."""
    first, second = (_docx(result) if result else None), (_docx(expected) if expected else None)
    if first is None or second is None or len(first.tables) != len(second.tables):
        return 0.0
    for t1, t2 in zip(first.tables, second.tables, strict=True):
        rows1 = [[c.text.strip() for c in row.cells] for row in t1.rows]
        rows2 = [[c.text.strip() for c in row.cells] for row in t2.rows]
        if rows1 != rows2:
            return 0.0
    return 1.0


def _image_blobs(doc) -> list[bytes]:
    from io import BytesIO

    from PIL import Image

    return [
        Image.open(BytesIO(rel.target_part.blob)).tobytes()
        for rel in doc.part.rels.values()
        if "image" in rel.reltype
    ]


def compare_docx_images(result, expected) -> float:
    """The documents embed the same images (decoded pixels), in the same order."""
    first, second = (_docx(result) if result else None), (_docx(expected) if expected else None)
    if first is None or second is None:
        return 0.0
    return float(_image_blobs(first) == _image_blobs(second))


def compare_line_spacing(result, expected) -> float:
    """Same text and the same line spacing paragraph by paragraph."""
    if not compare_docx_files(result, expected):
        return 0.0
    first, second = _docx(result), _docx(expected)
    spacing = [[p.paragraph_format.line_spacing for p in d.paragraphs] for d in (first, second)]
    return float(spacing[0] == spacing[1])


def compare_font_names(result, rules: dict) -> float:
    """Every run uses the font rules["font_name"]."""
    doc = _docx(result) if result else None
    if doc is None:
        return 0.0
    return float(all(r.font.name == rules["font_name"] for p in doc.paragraphs for r in p.runs))


def compare_subscript_contains(result, expected) -> float:
    """Some run at the same place is subscript in both documents."""
    first, second = (_docx(result) if result else None), (_docx(expected) if expected else None)
    if first is None or second is None:
        return 0.0
    for p1, p2 in zip(first.paragraphs, second.paragraphs, strict=False):
        for r1, r2 in zip(p1.runs, p2.runs, strict=False):
            if r1.font.subscript and r2.font.subscript:
                return 1.0
    return 0.0


def has_page_numbers_in_footers(result) -> float:
    """Every section's footer (first paragraph) holds a digit."""
    doc = _docx(result) if result else None
    if doc is None:
        return 0.0
    for section in doc.sections:
        paragraphs = section.footer.paragraphs
        if not any(ch.isdigit() for ch in (paragraphs[0].text if paragraphs else "")):
            return 0.0
    return 1.0


def is_first_line_centered(result) -> float:
    from docx.enum.text import WD_PARAGRAPH_ALIGNMENT

    doc = _docx(result) if result else None
    if doc is None or not doc.paragraphs:
        return 0.0
    return float(doc.paragraphs[0].paragraph_format.alignment == WD_PARAGRAPH_ALIGNMENT.CENTER)


def contains_page_break(result) -> float:
    """Some run holds a page break (w:br w:type="page")."""
    doc = _docx(result) if result else None
    if doc is None:
        return 0.0
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            if any(br.get(W_NS + "type") == "page" for br in run.element.iter(W_NS + "br")):
                return 1.0
    return 0.0


def check_tabstops(result, expected, **options) -> float:
    """Non-empty paragraphs have the same tab stops (alignment); the score drops by the tab positions'
    distance relative to the text width. word_number_split_by_tabstop/index: the part before the tab
    at `index` must have that many words."""
    from docx.enum.text import WD_TAB_ALIGNMENT

    first, second = (_docx(result) if result else None), (_docx(expected) if expected else None)
    if first is None or second is None:
        return 0.0
    para1 = [p for p in first.paragraphs if p.text.strip()]
    para2 = [p for p in second.paragraphs if p.text.strip()]
    if len(para1) != len(para2) or not para1:
        return 0.0
    words_wanted = options.get("word_number_split_by_tabstop")
    if words_wanted is not None:
        index = options.get("index", 0)
        for paragraph in para1:
            parts = paragraph.text.split("\t")
            if index >= len(parts) or len(parts[index].split()) != words_wanted:
                return 0.0
    section = second.sections[0]
    width = section.page_width - section.left_margin - section.right_margin

    def tabs(paragraph):
        return [
            t
            for t in paragraph.paragraph_format.tab_stops
            if not (
                t.alignment == WD_TAB_ALIGNMENT.CLEAR
                or (t.alignment == WD_TAB_ALIGNMENT.LEFT and t.position == 0)
            )
        ]

    penalty = 0.0
    for p1, p2 in zip(para1, para2, strict=True):
        tabs1, tabs2 = tabs(p1), tabs(p2)
        if len(tabs1) != len(tabs2) or any(
            a.alignment != b.alignment for a, b in zip(tabs1, tabs2, strict=False)
        ):
            return 0.0
        penalty += sum(abs(a.position - b.position) for a, b in zip(tabs1, tabs2, strict=False)) / width
    return 1.0 - penalty / len(para1)


def _red_blue_distance(rgb, target) -> float:
    from skimage.color import deltaE_ciede2000, rgb2lab

    lab = [rgb2lab([[[c / 255.0 for c in color]]]) for color in (rgb, target)]
    return float(deltaE_ciede2000(lab[0], lab[1])[0][0])


def evaluate_colored_words_in_tables(result, expected, **options) -> float:
    """Same text; in tables, words starting with a vowel are red and others blue (CIEDE2000 distance
    at most `threshold`, default 3.5)."""
    if not compare_docx_files(result, expected):
        return 0.0
    threshold = options.get("threshold", 3.5)
    for table in _docx(result).tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        if not run.text:
                            continue
                        rgb = run.font.color.rgb if run.font.color and run.font.color.type else None
                        target = (255, 0, 0) if run.text[0].lower() in "aeiou" else (0, 0, 255)
                        if rgb is None or _red_blue_distance(tuple(rgb), target) > threshold:
                            return 0.0
    return 1.0


def check_highlighted_words(result, expected) -> float:
    """Same text and no span highlighted yellow (#ffff00) left in the odt."""
    if not compare_docx_files(result, expected):
        return 0.0
    from odf.opendocument import load
    from odf.style import Style, TextProperties
    from odf.text import Span

    doc = load(str(result))
    yellow = {
        style.getAttribute("name")
        for style in doc.automaticstyles.getElementsByType(Style)
        for props in style.getElementsByType(TextProperties)
        if (props.getAttribute("backgroundcolor") or "").lower() == "#ffff00"
    }
    return float(not any(span.getAttribute("stylename") in yellow for span in doc.getElementsByType(Span)))


def evaluate_strike_through_last_paragraph(result, expected) -> float:
    """Same text; every run of the last paragraph is struck through."""
    if not compare_docx_files(result, expected):
        return 0.0
    doc = _docx(result)
    if not doc.paragraphs:
        return 0.0
    return float(all(run.font.strike for run in doc.paragraphs[-1].runs))


def check_italic_font_size_14(result, expected) -> float:
    """Same text; every italic run is 14 pt."""
    if not compare_docx_files(result, expected):
        return 0.0
    for paragraph in _docx(result).paragraphs:
        for run in paragraph.runs:
            if run.italic and (run.font.size is None or run.font.size.pt != 14):
                return 0.0
    return 1.0


def _lines_and_ids(path) -> tuple[list[str], list[str]] | None:
    doc = _docx(path) if path else None
    if doc is None:
        return None
    lines = [p.text.strip() for p in doc.paragraphs if p.text.strip()]
    return lines, [line.split(",")[1].strip() for line in lines if len(line.split(",")) == 4]


def compare_unique_train_records(result, expected, **options) -> float:
    """Lines "time, train_id, station, platform"; expected is [gold, initial]: every result line comes
    from the initial document, no train id repeats, and the ids and line count match the gold one
    (upstream OSWorld's newer docs.py)."""
    if not isinstance(expected, list) or len(expected) < 2:
        return 0.0
    got, gold, initial = _lines_and_ids(result), _lines_and_ids(expected[0]), _lines_and_ids(expected[1])
    if got is None or gold is None or initial is None:
        return 0.0
    lines, ids = got
    return float(
        set(lines) <= set(initial[0])
        and len(ids) == len(set(ids))
        and set(ids) == set(gold[1])
        and len(lines) == len(gold[0])
    )


def compare_references(result, expected, **options) -> float:
    """The paragraphs after the `reference_indicator` heading (default "References"): same count, mean
    rapidfuzz ratio r, scored (r - base) / (1 - base) above `reference_base_result` (default 0.5)."""
    first, second = _paragraphs(result) if result else None, _paragraphs(expected) if expected else None
    if first is None or second is None:
        return 0.0
    heading = options.get("reference_indicator", "References")
    base = options.get("reference_base_result", 0.5)
    if heading not in first and heading not in second:
        return 1.0
    if heading not in first or heading not in second:
        return 0.0
    refs1 = [p for p in first[first.index(heading) + 1 :] if p.strip()]
    refs2 = [p for p in second[second.index(heading) + 1 :] if p.strip()]
    if len(refs1) != len(refs2) or not refs1:
        return float(not refs1 and not refs2)
    mean = sum(fuzz.ratio(a, b) / 100.0 for a, b in zip(refs1, refs2, strict=False)) / len(refs1)
    return (mean - base) / (1 - base) if mean >= base else 0.0


def fuzzy_place_math(result, rules: dict) -> float:
    """The document holds exactly three words; each scores its best rapidfuzz ratio against the
    expected answers; the mean is returned."""
    paragraphs = _paragraphs(result) if result else None
    if paragraphs is None:
        return 0.0
    words = [w for p in paragraphs for w in p.split()]
    if len(words) != 3:
        return 0.0
    return sum(max(fuzz.ratio(w, a) / 100.0 for a in rules["expected"]) for w in words) / 3


def find_default_font(result, rules: dict) -> float:
    """LibreOffice's registrymodifications.xcu sets Writer's default (Standard) font to rules["font_name"]."""
    if not result:
        return 0.0
    try:
        root = ET.parse(result).getroot()
    except (OSError, ET.ParseError):
        return 0.0
    font = None
    for item in root.findall('.//item[@oor:path="/org.openoffice.Office.Writer/DefaultFont"]', OOR_NS):
        for value in item.findall('.//prop[@oor:name="Standard"]/value', OOR_NS):
            font = value.text
    return float(font == rules["font_name"])


METRICS = {
    f.__name__: f
    for f in (
        compare_docx_files,
        compare_docx_files_and_ignore_new_lines,
        compare_docx_tables,
        compare_docx_images,
        compare_line_spacing,
        compare_font_names,
        compare_subscript_contains,
        has_page_numbers_in_footers,
        is_first_line_centered,
        contains_page_break,
        check_tabstops,
        evaluate_colored_words_in_tables,
        check_highlighted_words,
        evaluate_strike_through_last_paragraph,
        check_italic_font_size_14,
        compare_unique_train_records,
        compare_references,
        fuzzy_place_math,
        find_default_font,
    )
}
