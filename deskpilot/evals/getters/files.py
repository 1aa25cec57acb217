"""File getters: files on the desktop, gold files from the download cache, command output, folders.

Like OSWorld's getters/file.py, info.py and impress.py (xlang-ai/OSWorld, read in the karakuri-ai/OSWorld-JP
mirror), a file getter copies the file into the task's cache folder under its `dest` name and returns that
path, so a metric sees the file as it was at grading time (and sibling files, such as the CSVs a
`sheet_print` rule reads, keep their names). A missing desktop file raises FileNotFoundError (score 0).
Our own code.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime
from pathlib import Path, PurePosixPath

from deskpilot.evals.errors import Unsupported

REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
BG_PR = "{http://schemas.openxmlformats.org/presentationml/2006/main}bgPr"
EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


def _lists(config: dict) -> tuple[list, list]:
    if config.get("multi"):
        return list(config["path"]), list(config["dest"])
    return [config["path"]], [config.get("dest") or PurePosixPath(config["path"]).name]


def _give(paths: list, config: dict):
    picked = [paths[i] for i in config.get("gives", [0])]
    return picked[0] if len(picked) == 1 else picked


def _with_time_suffix(name: str, fmt: str) -> str:
    stem, dot, ext = name.partition(".")
    return f"{stem}{datetime.now().strftime(fmt)}.{ext}" if dot else name


def vm_file(env, config: dict):
    """Copies of desktop files in the cache folder (`path`, `dest`; `multi` lists; `gives` picks what is
    returned; `time_suffix`/`time_format` append today's date to the names)."""
    paths, dests = _lists(config)
    if config.get("time_suffix") and not config.get("multi"):
        fmt = config.get("time_format", "%Y_%m_%d")
        paths, dests = [_with_time_suffix(paths[0], fmt)], [_with_time_suffix(dests[0], fmt)]
    copies = []
    for path, dest in zip(paths, dests, strict=True):
        target = env.cache_dir / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        if Path(path).is_file():
            if Path(path).resolve() != target.resolve():
                shutil.copyfile(path, target)
            copies.append(str(target))
        else:
            copies.append(None)
    picked = _give(copies, config)
    if picked is None or (isinstance(picked, list) and all(p is None for p in picked)):
        raise FileNotFoundError(paths[config.get("gives", [0])[0]])
    return picked


def cloud_file(env, config: dict):
    """Gold files by URL, from the download cache (fetched when missing), copied to the cache folder."""
    urls, dests = _lists(config)
    copies = []
    for url, dest in zip(urls, dests, strict=True):
        target = env.cache_dir / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(env.files.fetch(url), target)
        copies.append(str(target))
    return _give(copies, config)


def cache_file(env, config: dict) -> str:
    """A file in the task's cache folder, e.g. the stdout an `execute` step kept."""
    path = env.cache_dir / config["path"]
    if not path.is_file():
        raise FileNotFoundError(str(path))
    return str(path)


def content_from_vm_file(env, config: dict) -> list[str]:
    """The last row of an xlsx (file_content "last_row"), as strings the way pandas prints them."""
    from deskpilot.evals.metrics.table import load_book

    if config["file_type"] != "xlsx" or config["file_content"] != "last_row":
        raise Unsupported(f"content_from_vm_file {config['file_type']!r} / {config['file_content']!r}")
    path = vm_file(env, {"path": config["path"], "dest": PurePosixPath(config["path"]).name})
    rows = next(iter(load_book(path).values()), [])
    if len(rows) < 2:
        return []
    width = max(len(r) for r in rows)
    body = [r + [None] * (width - len(r)) for r in rows[1:]]  # pandas: the first row is the header

    def shown(column: int) -> str:
        value = body[-1][column]
        if value is None:
            return "nan"
        floaty = any(isinstance(r[column], float) or r[column] is None for r in body)
        if isinstance(value, int) and not isinstance(value, bool) and floaty:
            return str(float(value))  # pandas keeps a column with gaps or floats as float64
        return str(value)

    return [shown(c) for c in range(width)]


def _tree(path: Path) -> dict:
    if not path.is_dir():
        return {"type": "file", "name": path.name}
    children = sorted(path.iterdir(), key=lambda p: p.name)
    return {"type": "directory", "name": path.name, "children": [_tree(child) for child in children]}


def list_directory(env, config: dict) -> dict:
    """The folder as a tree: {"type": "directory", "name", "children": [...]}, files as {"type": "file",
    "name"}."""
    path = Path(config["path"])
    if not path.exists():
        raise FileNotFoundError(str(path))
    return _tree(path)


def _slide_media(env, config: dict, pick) -> str | None:
    """A media file a slide refers to, extracted from the pptx (or copied from the desktop when the slide
    links to a file:// path)."""
    deck = vm_file(
        env, {"path": config["ppt_file_path"], "dest": PurePosixPath(config["ppt_file_path"]).name}
    )
    slide = int(config["slide_index"]) + 1
    with zipfile.ZipFile(deck) as archive:
        rels_name = f"ppt/slides/_rels/slide{slide}.xml.rels"
        if rels_name not in archive.namelist():
            return None
        rels = ET.fromstring(archive.read(rels_name))
        slide_xml = ET.fromstring(archive.read(f"ppt/slides/slide{slide}.xml"))
        target = pick(rels, slide_xml)
        if target is None:
            return None
        if target.startswith("file://"):
            return vm_file(env, {"path": target[7:], "dest": config["dest"]})
        member = str(PurePosixPath("ppt/slides", target)).replace("ppt/slides/../", "ppt/")
        out = env.cache_dir / config["dest"]
        out.write_bytes(archive.read(member))
        return str(out)


def audio_in_slide(env, config: dict):
    def pick(rels, slide_xml):
        return next(
            (r.get("Target") for r in rels.iter(REL_NS + "Relationship") if "audio" in r.get("Type", "")),
            None,
        )

    return _slide_media(env, config, pick)


def background_image_in_slide(env, config: dict):
    def pick(rels, slide_xml):
        ids = [b.get(EMBED) for bg in slide_xml.iter(BG_PR) for b in bg.iter(BLIP)]
        if not ids:
            return None
        return next(
            (
                r.get("Target")
                for r in rels.iter(REL_NS + "Relationship")
                if r.get("Id") == ids[0] and "image" in r.get("Type", "")
            ),
            None,
        )

    return _slide_media(env, config, pick)


GETTERS = {
    "vm_file": vm_file,
    "cloud_file": cloud_file,
    "cache_file": cache_file,
    "content_from_vm_file": content_from_vm_file,
    "list_directory": list_directory,
    "audio_in_slide": audio_in_slide,
    "background_image_in_slide": background_image_in_slide,
}
