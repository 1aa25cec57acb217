"""Key names in any vocabulary ("ctrl+s", "Return", "KP_0", "CTRL", "alt+Tab") -> X keysyms, through the
one key table in deskpilot.core.keys."""

from __future__ import annotations

from functools import cache

from Xlib import XK

from deskpilot.core.keys import keysym_name, split_chord, split_sequence


class KeyNameError(ValueError):
    """An unknown key name; the message says what names are valid."""


for _group in ("xkb", "xf86", "latin2", "latin3", "latin4", "greek", "cyrillic", "publishing", "technical"):
    XK.load_keysym_group(_group)


@cache
def _names_by_lower() -> dict[str, int]:
    """Every keysym name python-xlib knows, case-folded. Exact-case names win on clashes."""
    table: dict[str, int] = {}
    for attr in dir(XK):
        if attr.startswith("XK_"):
            name = attr[3:]
            table.setdefault(name.lower(), getattr(XK, attr))
    return table


def keysym_for_char(char: str) -> int:
    """The keysym that types one Unicode character."""
    code = ord(char)
    if char == "\n":
        return XK.XK_Return
    if char == "\t":
        return XK.XK_Tab
    if 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xFF:
        return code
    return 0x01000000 | code


def keysym_for_name(name: str) -> int:
    """One key name (no '+') -> keysym, or a ToolError naming the bad key."""
    if not name:
        raise KeyNameError("Empty key name.")
    name = keysym_name(name)
    if name[:4].lower() == "xf86" and name[4:5] != "_":
        name = f"XF86_{name[4:]}"  # X spells it XF86AudioMute, python-xlib XF86_AudioMute
    exact = XK.string_to_keysym(name)
    if exact:
        return exact
    if len(name) == 1:
        return keysym_for_char(name)
    folded = _names_by_lower().get(name.lower())
    if folded:
        return folded
    if name.lower().startswith(("u+", "0x")) and len(name) > 2:
        try:
            return keysym_for_char(chr(int(name[2:], 16)))
        except ValueError:
            pass
    raise KeyNameError(
        f"Unknown key name {name!r}. Use xdotool/X keysym names such as 'Return', 'Tab', 'Escape', "
        "'BackSpace', 'Up', 'F5', 'KP_0', 'ctrl', 'alt', 'shift', 'super', or a single character."
    )


def parse_chord(text: str) -> list[int]:
    """'ctrl+shift+t' -> keysyms in press order. Several chords separated by spaces are not a chord:
    use `parse_sequence`."""
    return [keysym_for_name(part) for part in split_chord(text)]


def parse_sequence(text: str) -> list[list[int]]:
    """xdotool accepts several chords separated by spaces: 'ctrl+a Delete'."""
    chords = split_sequence(text)
    if not chords:
        raise KeyNameError("Empty key name.")
    return [parse_chord(chord) for chord in chords]
