"""A small GTK window whose accessibility tree names things the screen does not show, for the grounding set
generator's visibility rules: a list wider than its pane (its far columns scrolled out of sight), a column
of buttons taller than its viewport (the lower ones scrolled out), a hidden button, and a menu longer than
the window (its lower items drawn below the window's edge, on the screen all the same).

    python tests/local/panes_app.py
"""

import gi

gi.require_version("Gtk", "3.0")
from gi.repository import GLib, Gtk  # noqa: E402

COLUMNS = ["Walnut", "Chestnut", "Hazel", "Almond", "Pecan", "Cashew", "Pistachio", "Macadamia"]
SHELVES = [f"Shelf {n}" for n in range(1, 13)]  # buttons in a short viewport: the first few are seen
SEASONS = ["Early spring", "Late spring", "Early summer", "Late summer", "Early autumn", "Late autumn",
           "Early winter", "Late winter", "Harvest moon", "Frost week", "Thaw week", "Hay week", "Apple week",
           "Pear week", "Plum week", "Fog week", "Rain week"]  # fmt: skip


def main() -> None:
    window = Gtk.Window(title="Panes")
    window.set_default_size(640, 340)
    window.move(40, 40)
    window.connect("destroy", Gtk.main_quit)
    outer = Gtk.Box(orientation=Gtk.Orientation.VERTICAL)
    bar = Gtk.MenuBar()
    item = Gtk.MenuItem(label="Seasons")
    menu = Gtk.Menu()
    for season in SEASONS:
        menu.append(Gtk.MenuItem(label=season))
    item.set_submenu(menu)
    bar.append(item)
    outer.pack_start(bar, False, False, 0)

    row = Gtk.Box(spacing=8)
    store = Gtk.ListStore(*[str] * len(COLUMNS))
    for n in range(3):
        store.append([f"{name[:3].lower()}{n}" for name in COLUMNS])
    view = Gtk.TreeView(model=store)
    for i, name in enumerate(COLUMNS):
        column = Gtk.TreeViewColumn(name, Gtk.CellRendererText(), text=i)
        column.set_min_width(110)
        view.append_column(column)
    table = Gtk.ScrolledWindow()
    table.set_size_request(250, 150)
    table.add(view)
    row.pack_start(table, False, False, 0)

    shelves = Gtk.Box(orientation=Gtk.Orientation.VERTICAL)
    for shelf in SHELVES:
        shelves.pack_start(Gtk.Button(label=shelf), False, False, 0)
    pane = Gtk.ScrolledWindow()
    pane.set_size_request(150, 150)
    pane.set_policy(Gtk.PolicyType.NEVER, Gtk.PolicyType.ALWAYS)
    pane.add(shelves)
    row.pack_start(pane, False, False, 0)
    # room to the right and below: the window is wider and taller than both panes
    row.pack_start(Gtk.Label(label="Spices"), True, True, 0)
    outer.pack_start(row, False, False, 0)
    outer.pack_start(Gtk.Label(label="Larder"), True, True, 0)

    hidden = Gtk.Button(label="Secret drawer")
    hidden.set_no_show_all(True)  # in the tree, never shown
    outer.pack_start(hidden, False, False, 0)
    outer.pack_start(Gtk.Button(label="Close the pantry"), False, False, 0)
    window.add(outer)
    window.show_all()
    GLib.idle_add(window.set_resizable, False)
    Gtk.main()


if __name__ == "__main__":
    main()
