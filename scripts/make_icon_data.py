"""Training data for the icon recogniser: the action icons of the icon themes Debian ships, rendered at
toolbar sizes, plus a "none" class of things that are not icons (text, frames, arrows of nothing).

    .venv/bin/python scripts/make_icon_data.py [--out runs/icons/data.npz]

Icon files are named by the freedesktop Icon Naming Specification ("Standard Action Icons", e.g.
`format-text-bold`, `edit-undo`, `document-save`; https://specifications.freedesktop.org/icon-naming-spec/
latest/ar01s04.html), so the name is the label. A name is a class when at least MIN_THEMES theme families
draw it; `-symbolic` and `-rtl`/`-ltr` variants are the same class. Each (theme, name) is rendered from the
file nearest 24 px (SVG through rsvg-convert, PNG resized) at 16, 20 and 24 px, centred on a transparent
32 x 32 canvas; train_icons.py adds the "none" crops (not_icons) and composites everything over backgrounds
with augmentation. The apps of the unseen
grounding benchmark (bench/make_grounding_set.py: qalculate, abiword, ristretto, parole, eog) are not used: no
screenshot of any app enters training.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import subprocess
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = Path("/usr/share/icons")
# theme family -> its folders (dark variants draw the same names in light strokes)
THEMES = {
    "adwaita": ["Adwaita"],
    "breeze": ["breeze", "breeze-dark"],
    "papirus": ["Papirus", "Papirus-Dark"],
    "tango": ["Tango"],
    "oxygen": ["oxygen"],
    "elementary": ["elementary-xfce", "elementary-xfce-dark"],
    "gnome": ["gnome"],
    "mate": ["mate"],
    # more drawing styles of the same names (issue 13: icons of themes nobody trained on)
    "faenza": ["Faenza", "Faenza-Dark"],
    "numix": ["Numix"],
    "paper": ["Paper"],
    "suru": ["suru"],
    "elementary-gtk": ["elementary"],
    "nuovext": ["nuoveXT2"],
}
MIN_THEMES = 3
SIZES = (16, 20, 24)
CANVAS = 32
FONTS = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"]  # fmt: skip


def icon_name(path: Path) -> str:
    name = re.sub(r"\.(svg|png)$", "", path.name)
    name = name.replace("-symbolic", "")
    return re.sub(r"-(rtl|ltr)$", "", name)


def pixel_size(path: Path) -> int:
    """The size a file is drawn for, from its folders (16x16, 22, scalable = large)."""
    for part in reversed(path.parts):
        m = re.fullmatch(r"(\d+)(?:x\d+)?(@2x)?", part)
        if m:
            return int(m.group(1)) * (2 if m.group(2) else 1)
    return 64


def collect() -> dict[str, dict[str, list[Path]]]:
    """name -> folder -> files, action icons only."""
    found: dict[str, dict[str, list[Path]]] = defaultdict(lambda: defaultdict(list))
    for folders in THEMES.values():
        for folder in folders:
            for path in (ROOT / folder).rglob("*"):
                if path.suffix in (".svg", ".png") and "actions" in path.parts and path.exists():
                    found[icon_name(path)][folder].append(path.resolve())  # links: the name is the link's
    return found


def render(path: Path, size: int) -> Image.Image | None:
    try:
        if path.suffix == ".svg":
            png = subprocess.run(
                ["rsvg-convert", "-w", str(size), "-h", str(size), str(path)],
                capture_output=True,
                timeout=10,
                check=True,
            ).stdout
            image = Image.open(io.BytesIO(png)).convert("RGBA")
        else:
            image = Image.open(path).convert("RGBA").resize((size, size), Image.LANCZOS)
    except (subprocess.SubprocessError, OSError, ValueError):
        return None
    if image.getextrema()[3][1] == 0:
        return None
    canvas = Image.new("RGBA", (CANVAS, CANVAS))
    canvas.paste(image, ((CANVAS - size) // 2, (CANVAS - size) // 2))
    return canvas


def nearest(files: list[Path], size: int) -> Path:
    return min(files, key=lambda p: (abs(pixel_size(p) - size), p.suffix != ".svg"))


def not_icons(count: int, rng: random.Random) -> list[Image.Image]:
    """Crops that are not icons: a few letters or digits, frame corners, lines, dropdown-less boxes."""
    out = []
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789%()+-=/.,:"
    for _ in range(count):
        canvas = Image.new("RGBA", (CANVAS, CANVAS))
        draw = ImageDraw.Draw(canvas)
        kind = rng.random()
        colour = (rng.randint(0, 80),) * 3 + (255,)
        if kind < 0.6:
            text = "".join(rng.choice(letters) for _ in range(rng.randint(1, 4)))
            font = ImageFont.truetype(rng.choice(FONTS), rng.randint(9, 16))
            draw.text((rng.randint(-6, 8), rng.randint(2, 14)), text, font=font, fill=colour)
        elif kind < 0.8:
            x0, y0 = rng.randint(0, 12), rng.randint(0, 12)
            draw.rectangle((x0, y0, x0 + rng.randint(8, 30), y0 + rng.randint(8, 30)), outline=colour)
        else:
            for _ in range(rng.randint(1, 3)):
                y = rng.randint(4, 28)
                draw.line(
                    (rng.randint(0, 10), y, rng.randint(20, 32), y), fill=colour, width=rng.randint(1, 2)
                )
        out.append(canvas)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="runs/icons/data.npz")
    args = parser.parse_args()
    started = time.time()
    found = collect()
    families = {folder: fam for fam, folders in THEMES.items() for folder in folders}
    names = sorted(n for n, by in found.items() if len({families[f] for f in by}) >= MIN_THEMES)
    classes = ["none", *names]
    images, labels, themes = [], [], []
    for index, name in enumerate(classes[1:], start=1):
        for folder, files in found[name].items():
            for size in SIZES:
                canvas = render(nearest(files, size), size)
                if canvas is not None:
                    images.append(np.asarray(canvas))
                    labels.append(index)
                    themes.append(folder)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        images=np.stack(images),
        labels=np.array(labels, np.int16),
        themes=np.array(themes),
        classes=classes,
    )
    print(f"{len(classes)} classes, {len(images)} renders in {time.time() - started:.0f} s -> {out}")


if __name__ == "__main__":
    main()
