"""`deskpilot ground`: where the local model would click for an instruction, and its grounding benchmark.

On a bare image the cascade (grounding.locate, the same as `deskpilot run`'s) has no accessibility tree:
OCR, rendered labels, MiniLM when nothing matches by text, and the icon recogniser. `--bench DIR` scores ScreenSpot-format JSON (img_filename, instruction, bbox [x, y, w, h],
data_type text/icon; ScreenSpot-Pro's [x1, y1, x2, y2] when the record has `application`) as point in box,
edges inclusive, per app and per text/icon, with micro (per sample) and macro (mean of app x type cells)
averages.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path

import typer
from PIL import Image


def locate(image: Image.Image, instruction: str, ocr=None):
    """The best candidate for an instruction on an image, or None: the local model's cascade
    (grounding.locate, as in `deskpilot run`) with no accessibility tree."""
    from deskpilot.local.grounding import locate as cascade
    from deskpilot.perception.elements import merge
    from deskpilot.perception.ocr import OCR

    image = image.convert("RGB")
    ocr = ocr or OCR()

    def see(with_ocr: bool):
        return merge(None, ocr.read(image) if with_ocr else [], image.size)

    found = cascade(instruction, see, lambda: image, image.size)
    return found[0] if found else None


def sample_box(record: dict) -> tuple[float, float, float, float]:
    """The target box as x0, y0, x1, y1 (inclusive edges)."""
    a, b, c, d = record["bbox"]
    if "application" in record:  # ScreenSpot-Pro: already corners
        return a, b, c, d
    return a, b, a + c, b + d


def sample_app(record: dict) -> str:
    return record.get("app") or record.get("application") or record.get("data_source") or "unknown"


def bench(directory: Path, ocr=None) -> dict:
    from deskpilot.perception.ocr import OCR

    files = sorted(p for p in directory.glob("*.json") if p.name != "summary.json")
    records = [
        (f.parent, r) for f in files for r in json.loads(f.read_text()) if isinstance(r, dict) and "bbox" in r
    ]
    if not records:
        raise typer.BadParameter(f"no ScreenSpot-format records (JSON lists with bbox) in {directory}")
    ocr = ocr or OCR()
    cells: dict[tuple[str, str], list[bool]] = defaultdict(list)
    misses = []
    started = time.perf_counter()
    images: dict[Path, Image.Image] = {}
    for folder, r in records:
        path = folder / r["img_filename"]
        if path not in images:
            images.clear()
            images[path] = Image.open(path).convert("RGB")
        cand = locate(images[path], r["instruction"], ocr)
        x0, y0, x1, y1 = sample_box(r)
        hit = cand is not None and x0 <= cand.point[0] <= x1 and y0 <= cand.point[1] <= y1
        cells[(sample_app(r), r.get("data_type", "text"))].append(hit)
        if not hit:
            misses.append({"image": r["img_filename"], "instruction": r["instruction"],
                           "point": list(cand.point) if cand else None, "bbox": r["bbox"]})  # fmt: skip
    table = {
        f"{app}/{kind}": {"n": len(v), "accuracy": sum(v) / len(v)}
        for (app, kind), v in sorted(cells.items())
    }
    by_type: dict[str, list[bool]] = defaultdict(list)
    by_app: dict[str, list[bool]] = defaultdict(list)
    for (app, kind), v in cells.items():
        by_type[kind] += v
        by_app[app] += v
    every = [h for v in cells.values() for h in v]
    return {
        "samples": len(every),
        "micro_accuracy": sum(every) / len(every),
        "macro_accuracy": sum(sum(v) / len(v) for v in cells.values()) / len(cells),
        "by_type": {k: {"n": len(v), "accuracy": sum(v) / len(v)} for k, v in sorted(by_type.items())},
        "by_app": {k: {"n": len(v), "accuracy": sum(v) / len(v)} for k, v in sorted(by_app.items())},
        "cells": table,
        "seconds_per_sample": (time.perf_counter() - started) / len(every),
        "misses": misses,
    }


def register(app: typer.Typer) -> None:
    @app.command("ground")
    def ground_command(
        image: Path | None = typer.Argument(None, help="A screenshot (PNG/JPEG)."),
        instruction: str | None = typer.Argument(None, help="What to click, e.g. 'the Save button'."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON (point, box, text, score)."),
        bench_dir: Path | None = typer.Option(
            None, "--bench", metavar="DIR", help="Score ScreenSpot-format JSON in DIR."
        ),
    ) -> None:
        """Print the pixel `x y` the local model would click in IMAGE for INSTRUCTION (OCR only)."""
        if bench_dir is not None:
            result = bench(bench_dir)
            if as_json:
                print(json.dumps(result, indent=1))
                return
            for name, cell in result["cells"].items():
                print(f"{name:32s} {cell['n']:5d}  {cell['accuracy'] * 100:6.1f}%")
            for kind, cell in result["by_type"].items():
                print(f"{'all/' + kind:32s} {cell['n']:5d}  {cell['accuracy'] * 100:6.1f}%")
            print(
                f"micro {result['micro_accuracy'] * 100:.1f}% macro {result['macro_accuracy'] * 100:.1f}% "
                f"over {result['samples']} samples, {result['seconds_per_sample']:.2f} s/sample"
            )
            return
        if image is None or not instruction:
            raise typer.BadParameter("give IMAGE and INSTRUCTION, or --bench DIR")
        cand = locate(Image.open(image), instruction)
        if cand is None:
            typer.echo(f"nothing on the image matches {instruction!r}", err=True)
            raise typer.Exit(1)
        if as_json:
            e = cand.element
            print(json.dumps({"x": cand.point[0], "y": cand.point[1], "box": list(cand.box), "text": e.text,
                              "score": round(cand.score, 3), "reason": cand.reason}))  # fmt: skip
        else:
            print(f"{cand.point[0]} {cand.point[1]}")
