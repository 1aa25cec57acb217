"""A GTK window of icon-only buttons whose only names are their tooltips, for the local model's hover-then-
read grounding. Run with NO_AT_BRIDGE=1 (no accessibility tree: the icons are found on the image alone).
Each click appends the button's tooltip to the file given as the first argument. With `own` as the
second, the row starts with a picture that is no button (it shows no tooltip when hovered) and its icons are
an app's own drawings, which no icon theme names (as in apps that draw their own tool bars).

    python tests/local/tooltip_app.py CLICKS_FILE [own]
"""

import sys

import gi

gi.require_version("Gtk", "3.0")
from gi.repository import Gtk  # noqa: E402

BUTTONS = [  # (freedesktop icon name, tooltip)
    ("document-open", "Open a file"),
    ("document-save", "Save the document"),
    ("edit-undo", "Undo the last action"),
    ("edit-copy", "Copy the selection"),
    ("edit-find", "Find text"),
]


OWN = ["Plant a hedge", "Water the lawn", "Prune the roses"]  # tooltips of the own-drawn icons


def drawing(n: int) -> Gtk.Image:
    """A 24 px icon of n + 1 dark squares on a diagonal: no theme's icon, nothing OCR reads."""
    from gi.repository import GdkPixbuf

    pixbuf = GdkPixbuf.Pixbuf.new(GdkPixbuf.Colorspace.RGB, True, 8, 24, 24)
    pixbuf.fill(0x00000000)
    for i in range(n + 1):
        square = GdkPixbuf.Pixbuf.new(GdkPixbuf.Colorspace.RGB, True, 8, 7, 7)
        square.fill(0x305080FF)
        square.copy_area(0, 0, 7, 7, pixbuf, 2 + 7 * i, 2 + 7 * i if n else 9)
    return Gtk.Image.new_from_pixbuf(pixbuf)


def main(clicks: str, own: bool = False) -> None:
    window = Gtk.Window(title="Tooltip toolbar")
    window.set_default_size(420, 160)
    window.connect("destroy", Gtk.main_quit)
    row = Gtk.Box(spacing=24, margin=30)
    if own:
        row.pack_start(drawing(2), False, False, 0)  # a picture, not a button: hovering it shows nothing
    for n, (icon, tip) in enumerate(zip(OWN, OWN, strict=True) if own else BUTTONS):
        button = Gtk.Button()
        button.set_image(
            drawing(n) if own else Gtk.Image.new_from_icon_name(icon, Gtk.IconSize.LARGE_TOOLBAR)
        )
        button.set_relief(Gtk.ReliefStyle.NONE)
        button.set_tooltip_text(tip)
        button.connect("clicked", lambda _b, tip=tip: open(clicks, "a").write(tip + "\n"))
        row.pack_start(button, False, False, 0)
    window.add(row)
    window.show_all()
    Gtk.main()


if __name__ == "__main__":
    main(sys.argv[1], own=sys.argv[2:] == ["own"])
