"""Metrics on plain files, JSON/YAML, archives, SQLite, audio tags and e-books.

Semantics follow OSWorld's metrics/general.py, others.py, vscode.py and chrome.py (compare_archive,
compare_htmls) in xlang-ai/OSWorld (read in the karakuri-ai/OSWorld-JP mirror); our own code.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from deskpilot.evals.errors import Unsupported
from deskpilot.evals.metrics.rules import match_record, match_value_to_rule

TIME_OF_DAY = re.compile(r"([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)")


def _text(path) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except (OSError, TypeError):
        return None


def check_list(result, rules: dict) -> float:
    """Each `expect` regex matches some line of the file and no `unexpect` regex matches any line."""
    text = _text(result) if result else None
    if text is None:
        return 0.0
    lines = text.splitlines()
    expect = [re.compile(p) for p in rules.get("expect", [])]
    unexpect = [re.compile(p) for p in rules.get("unexpect", [])]
    return float(
        all(any(p.search(line) for line in lines) for p in expect)
        and not any(p.search(line) for p in unexpect for line in lines)
    )


def check_csv(result, rules: dict) -> float:
    """A CSV with a header: each `expect` record (a dict) matches some row; no `unexpect` one matches any."""
    if not result:
        return 0.0
    try:
        with open(result, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except OSError:
        return 0.0
    return float(
        all(any(match_record(r, row) for row in rows) for r in rules.get("expect", []))
        and not any(match_record(r, row) for r in rules.get("unexpect", []) for row in rows)
    )


def file_contains(result, rules: dict) -> float:
    """Every string of rules["expected"] occurs in the file."""
    text = _text(result) if result else None
    return float(text is not None and all(s in text for s in rules["expected"]))


def check_line_number(result, rules: dict) -> float:
    """The file has exactly rules["expected"] lines holding a HH:MM:SS time."""
    text = _text(result) if result else None
    if text is None:
        return 0.0
    return float(sum(1 for line in text.splitlines() if TIME_OF_DAY.search(line)) == int(rules["expected"]))


def compare_python_pure_text(result, expected) -> float:
    """The two files are equal once all whitespace is removed."""
    first, second = (_text(result) if result else None), (_text(expected) if expected else None)
    if first is None or second is None:
        return 0.0
    return float("".join(first.split()) == "".join(second.split()))


def compare_result_files(result, expected) -> float:
    """Equal stripped texts; when the expected text is a number, the result may contain it or equal it
    numerically (within 1e-4)."""
    first, second = (_text(result) if result else None), (_text(expected) if expected else None)
    if first is None or second is None:
        return 0.0
    first, second = first.strip(), second.strip()
    try:
        number = float(second)
    except ValueError:
        return float(first == second)
    if second in first:
        return 1.0
    try:
        return float(abs(float(first) - number) < 1e-4)
    except ValueError:
        return 0.0


def compare_config(result, rules: dict, **options) -> float:
    """The file's text equals rules["expected"]."""
    text = _text(result) if result else None
    return float(text is not None and text == rules["expected"])


def _load_json_or_yaml(path, is_yaml: bool):
    text = _text(path)
    if text is None:
        return None
    try:
        if is_yaml:
            import yaml

            return yaml.safe_load(text)
        return json.loads(text)
    except ValueError:
        return None


def _dig(data, keys: list):
    for key in keys:
        data = data[key]
    return data


def check_json(result, rules: dict, is_yaml: bool = False) -> float:
    """rules["expect"]: [{"key": [path...], "method", "ref"}], each value at `key` must match its rule
    (a missing key fails); rules["unexpect"]: none may match (a missing key counts as None)."""
    data = _load_json_or_yaml(result, is_yaml) if result else None
    if data is None:
        return 0.0
    for rule in rules.get("expect", []):
        try:
            value = _dig(data, rule["key"])
        except (KeyError, IndexError, TypeError):
            return 0.0
        if not match_value_to_rule(value, rule):
            return 0.0
    for rule in rules.get("unexpect", []):
        try:
            value = _dig(data, rule["key"])
        except (KeyError, IndexError, TypeError):
            value = None
        if match_value_to_rule(value, rule):
            return 0.0
    return 1.0


def check_json_keybindings(result, expected: dict, **options) -> float:
    """VS Code's keybindings.json (a list, maybe after a comment line) holds expected["expected"]."""
    text = _text(result) if result else None
    if text is None:
        return 0.0
    for candidate in (text, text.split("\n", 1)[1] if "\n" in text else ""):
        try:
            data = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(data, list):
            return float(expected["expected"] in data)
    return 0.0


def is_extension_installed(result, rules: dict, **options) -> float:
    """rules["type"] contain / not_contain: rules["expected"] is (not) in the result text."""
    if result is None:
        return 0.0
    if rules["type"] == "contain":
        return float(rules["expected"] in result)
    if rules["type"] == "not_contain":
        return float(rules["expected"] not in result)
    raise Unsupported(f"is_extension_installed type {rules['type']!r}")


def run_sqlite3(result, rules: dict) -> float:
    """The first column of the first row that rules["sql"] returns on the database (None counts 0)."""
    if not result:
        return 0.0
    connection = sqlite3.connect(f"file:{result}?mode=ro", uri=True)
    try:
        row = connection.execute(rules["sql"]).fetchone()
    except sqlite3.Error:
        return 0.0
    finally:
        connection.close()
    return float((row[0] if row else 0) or 0)


def check_mp3_meta(result, rules: dict) -> float:
    """Each ID3 tag (EasyID3 names: title, artist, ...) matches its value rule; lists join with ","."""
    if not result:
        return 0.0
    from mutagen.easyid3 import EasyID3
    from mutagen.id3 import ID3NoHeaderError

    try:
        tags = EasyID3(result)
    except (ID3NoHeaderError, OSError):
        return 0.0
    for key, rule in rules.items():
        value = tags.get(key, "")
        value = ",".join(value) if isinstance(value, list) else value
        if not match_value_to_rule(value, rule):
            return 0.0
    return 1.0


def _epub_parts(path) -> list[str] | None:
    """toc.ncx without navPoint lines, content.opf without dc:identifier lines and each .html file
    re-serialised by lxml, sorted by name (OSWorld's process_epub)."""
    import lxml.html

    parts: dict[str, str] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            for name, dropped in (("toc.ncx", "navPoint"), ("content.opf", "dc:identifier")):
                if name in names:
                    text = archive.read(name).decode("utf-8", "replace")
                    parts[name] = "\n".join(line for line in text.splitlines() if dropped not in line)
            for name in names:
                if name.endswith(".html"):
                    raw = archive.read(name).decode("utf-8", "replace").replace("\n", "").replace("\r", "")
                    parts[name] = lxml.html.tostring(
                        lxml.html.fromstring(raw.encode()), pretty_print=True, encoding="unicode"
                    )
    except (OSError, zipfile.BadZipFile):
        return None
    return [parts[k] for k in sorted(parts)]


def compare_epub(result, expected) -> float:
    """The product of difflib line ratios of the e-books' matching parts."""
    first, second = (_epub_parts(result) if result else None), _epub_parts(expected)
    if not first or second is None:
        return 0.0
    score = 1.0
    for a, b in zip(first, second, strict=False):
        score *= difflib.SequenceMatcher(a=a.splitlines(), b=b.splitlines()).ratio()
    return score


def compare_htmls(result, expected, **options) -> float:
    """Element by element (document order): same tag, stripped text and attributes. ignore_sdnum drops
    LibreOffice's sdnum/sdval attributes first."""
    import lxml.html

    if not result:
        return 0.0
    try:
        trees = [lxml.html.parse(str(p)).getroot() for p in (result, expected)]
    except (OSError, ValueError):
        return 0.0

    def key(element):
        attrs = dict(element.attrib)
        if options.get("ignore_sdnum"):
            attrs = {k: v for k, v in attrs.items() if k not in ("sdnum", "sdval")}
        return (element.tag, (element.text_content() or "").strip(), attrs)

    elements = [list(t.iter()) for t in trees]
    if len(elements[0]) != len(elements[1]):
        return 0.0
    return float(all(key(a) == key(b) for a, b in zip(*elements, strict=False)))


def compare_zip_files(result, expected, **options) -> float:
    """Same member names and bytes; PDFs inside compare by text (difflib ratio >= 0.95)."""
    from deskpilot.evals.metrics.pdf import pdf_text

    if not result:
        return 0.0
    try:
        with zipfile.ZipFile(result) as first, zipfile.ZipFile(expected) as second:
            if set(first.namelist()) != set(second.namelist()):
                return 0.0
            for name in first.namelist():
                a, b = first.read(name), second.read(name)
                if name.lower().endswith(".pdf"):
                    ratio = difflib.SequenceMatcher(None, pdf_text(a), pdf_text(b)).ratio()
                    if ratio < 0.95:
                        return 0.0
                elif a != b:
                    return 0.0
    except (OSError, zipfile.BadZipFile):
        return 0.0
    return 1.0


def _archive_compare(file_type: str):
    from deskpilot.evals.metrics import basic, docs, images, media, pdf, slides, table

    compare = {
        "text": basic.compare_text_file,
        "pdf": pdf.compare_pdfs,
        "docx": docs.compare_docx_files,
        "ppt": slides.compare_pptx_files,
        "image": images.compare_images,
        "csv": table.compare_csv,
        "table": table.compare_table,
        "audio": media.compare_audios,
        "video": media.compare_videos,
    }.get(file_type)
    if compare is None:
        raise Unsupported(f"compare_archive file_type {file_type!r}")
    return compare


def compare_archive(result, expected, **options) -> float:
    """Unpack both archives; the file names (under `file_path`) must match, and the score is the mean
    of the `file_type` metric (text, pdf, docx, ppt, image, csv, table, audio, video) over the pairs."""
    if not result:
        return 0.0
    sub = options.pop("file_path", "")
    compare = _archive_compare(options.pop("file_type", "text"))
    with tempfile.TemporaryDirectory(prefix="deskpilot-archive-") as tmp:
        folders = []
        for label, archive in (("result", result), ("expected", expected)):
            folder = Path(tmp, label)
            try:
                shutil.unpack_archive(str(archive), folder)
            except (shutil.ReadError, ValueError, OSError):
                return 0.0
            folders.append(folder / sub)
        names = [sorted(p.name for p in f.iterdir()) if f.is_dir() else None for f in folders]
        if names[0] is None or names[0] != names[1] or not names[0]:
            return 0.0
        total = sum(float(compare(str(folders[0] / n), str(folders[1] / n), **options)) for n in names[0])
    return total / len(names[0])


METRICS = {
    f.__name__: f
    for f in (
        check_list,
        check_csv,
        file_contains,
        check_line_number,
        compare_python_pure_text,
        compare_result_files,
        compare_config,
        check_json,
        check_json_keybindings,
        is_extension_installed,
        run_sqlite3,
        check_mp3_meta,
        compare_epub,
        compare_htmls,
        compare_zip_files,
        compare_archive,
    )
}
