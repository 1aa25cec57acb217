"""A GTK window of icon-only buttons whose only names are their tooltips, for the local model's hover-then-
read grounding. Run with NO_AT_BRIDGE=1 (no accessibility tree: the icons are found on the image alone).
Each click appends the button's tooltip to the file given as the first argument.

    python tests/local/tooltip_app.py CLICKS_FILE
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


def main(clicks: str) -> None:
    window = Gtk.Window(title="Tooltip toolbar")
    window.set_default_size(420, 160)
    window.connect("destroy", Gtk.main_quit)
    row = Gtk.Box(spacing=24, margin=30)
    for icon, tip in BUTTONS:
        button = Gtk.Button()
        button.set_image(Gtk.Image.new_from_icon_name(icon, Gtk.IconSize.LARGE_TOOLBAR))
        button.set_relief(Gtk.ReliefStyle.NONE)
        button.set_tooltip_text(tip)
        button.connect("clicked", lambda _b, tip=tip: open(clicks, "a").write(tip + "\n"))
        row.pack_start(button, False, False, 0)
    window.add(row)
    window.show_all()
    Gtk.main()


if __name__ == "__main__":
    main(sys.argv[1])
