"""A GTK window with a header bar (client-side decorations): its Minimize, Maximize and Close buttons are
drawn glyphs with no tooltip. Beside them, a lone cross and a lone square that are no window controls (a
tab's close button, a check box).

    python tests/local/headerbar_app.py
"""

import gi

gi.require_version("Gtk", "3.0")
from gi.repository import Gtk  # noqa: E402


def main() -> None:
    window = Gtk.Window()
    bar = Gtk.HeaderBar(title="Herb garden", show_close_button=True)
    bar.set_decoration_layout("menu:minimize,maximize,close")
    add = Gtk.Button.new_from_icon_name("list-add-symbolic", Gtk.IconSize.BUTTON)
    add.set_tooltip_text("Plant a herb")
    bar.pack_start(add)
    window.set_titlebar(bar)
    window.set_default_size(640, 360)
    window.move(60, 80)
    window.connect("destroy", Gtk.main_quit)
    tabs = Gtk.Notebook()
    label = Gtk.Box(spacing=4)
    label.pack_start(Gtk.Label(label="Basil"), False, False, 0)
    shut = Gtk.Button.new_from_icon_name("window-close-symbolic", Gtk.IconSize.MENU)
    shut.set_relief(Gtk.ReliefStyle.NONE)
    label.pack_start(shut, False, False, 0)
    label.show_all()
    page = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, margin=20, spacing=10)
    page.pack_start(Gtk.CheckButton(label="Water daily"), False, False, 0)
    tabs.append_page(page, label)
    window.add(tabs)
    window.show_all()
    Gtk.main()


if __name__ == "__main__":
    main()
