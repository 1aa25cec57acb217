"""Print the AT-SPI tree of every app on the desktop as JSON (run inside the desktop's environment).

Each node: role, name, extents [x, y, w, h] in screen pixels (null when off-screen), text (text roles),
value (value roles), focused (whether it has the keyboard focus) and, with --chars N, the screen box of each of the first N characters of text nodes.
"""

import argparse
import json

import pyatspi


def node(acc, chars: int) -> dict:
    item = {"role": acc.getRoleName(), "name": acc.name, "extents": None}
    item["focused"] = acc.getState().contains(pyatspi.STATE_FOCUSED)
    try:
        ext = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        if ext.width > 1 and ext.x > -(2**30):
            item["extents"] = [ext.x, ext.y, ext.width, ext.height]
    except NotImplementedError:
        pass
    try:
        text = acc.queryText()
        item["text"] = text.getText(0, -1)
        if chars and item["extents"]:
            item["chars"] = [
                list(text.getCharacterExtents(i, pyatspi.DESKTOP_COORDS))
                for i in range(min(chars, text.characterCount))
            ]
    except NotImplementedError:
        pass
    try:
        item["value"] = acc.queryValue().currentValue
    except NotImplementedError:
        pass
    return item


def walk(acc, chars: int, out: list) -> None:
    out.append(node(acc, chars))
    for child in acc:
        if child is not None:
            walk(child, chars, out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=0)
    args = parser.parse_args()
    out: list = []
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None:
            walk(app, args.chars, out)
    print(json.dumps(out))


main()
