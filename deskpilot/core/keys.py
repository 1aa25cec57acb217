"""The one key-name table. Three vocabularies reach the harness:
- X keysym names ("Control_R", "KP_Delete", "BackSpace"),
- xdotool's names, which Anthropic's computer tool uses ("ctrl+s", "super", "Return"),
- the names OpenAI and Gemini send ("CTRL", "ENTER", "ArrowUp", "option", "CMD").

`keysym_name` turns any of them into the X keysym name to press (keeping left/right, since apps can tell
them apart); `logical` folds case, aliases, left/right and keypad variants into one logical key, so that a
decision about "ctrl+alt+Delete" is the same for "LCTRL+LALT+KP_Delete". The desktop presses keysyms, the
policy decides on logical chords, and every provider adapter maps its names here.
"""

from __future__ import annotations

import re

# alias (case-folded) -> X keysym name
ALIASES: dict[str, str] = {
    **dict.fromkeys(("ctrl", "control", "ctl", "lctrl", "lcontrol", "control_l", "ctrl_l"), "Control_L"),
    **dict.fromkeys(("rctrl", "rcontrol", "control_r", "ctrl_r"), "Control_R"),
    **dict.fromkeys(("shift", "lshift", "shift_l"), "Shift_L"),
    **dict.fromkeys(("rshift", "shift_r"), "Shift_R"),
    **dict.fromkeys(("alt", "lalt", "alt_l", "option", "opt", "loption"), "Alt_L"),
    **dict.fromkeys(("ralt", "alt_r", "roption"), "Alt_R"),
    **dict.fromkeys(("altgr", "iso_level3_shift"), "ISO_Level3_Shift"),
    **dict.fromkeys(
        ("super", "lsuper", "super_l", "win", "lwin", "windows", "cmd", "lcmd", "command", "meta"),
        "Super_L",
    ),
    **dict.fromkeys(("rsuper", "super_r", "rwin", "rcmd"), "Super_R"),
    **dict.fromkeys(("enter", "return"), "Return"),
    **dict.fromkeys(("esc", "escape"), "Escape"),
    **dict.fromkeys(("del", "delete"), "Delete"),
    **dict.fromkeys(("ins", "insert"), "Insert"),
    **dict.fromkeys(("bksp", "backspace", "back_space"), "BackSpace"),
    **dict.fromkeys(("pageup", "page_up", "pgup", "prior"), "Prior"),
    **dict.fromkeys(("pagedown", "page_down", "pgdn", "next"), "Next"),
    **dict.fromkeys(("capslock", "caps_lock"), "Caps_Lock"),
    **dict.fromkeys(("numlock", "num_lock"), "Num_Lock"),
    **dict.fromkeys(("scrolllock", "scroll_lock"), "Scroll_Lock"),
    **dict.fromkeys(("printscreen", "print_screen", "prtsc", "prtscn", "print"), "Print"),
    **dict.fromkeys(("arrowup", "up"), "Up"),
    **dict.fromkeys(("arrowdown", "down"), "Down"),
    **dict.fromkeys(("arrowleft", "left"), "Left"),
    **dict.fromkeys(("arrowright", "right"), "Right"),
    **dict.fromkeys(("spacebar", "space", " "), "space"),
    "tab": "Tab",
    "home": "Home",
    "end": "End",
    "menu": "Menu",
    "pause": "Pause",
    "+": "plus",
    "-": "minus",
    "volumeup": "XF86_AudioRaiseVolume",
    "volumedown": "XF86_AudioLowerVolume",
    "volumemute": "XF86_AudioMute",
}

# X keysym -> logical key, where sides or the keypad do not change what a key means.
_FOLDS: dict[str, str] = {
    **dict.fromkeys(("Control_L", "Control_R"), "ctrl"),
    **dict.fromkeys(("Shift_L", "Shift_R"), "shift"),
    **dict.fromkeys(("Alt_L", "Alt_R", "Meta_L", "Meta_R"), "alt"),
    **dict.fromkeys(("Super_L", "Super_R", "Hyper_L", "Hyper_R"), "super"),
    **dict.fromkeys(("Return", "KP_Enter", "ISO_Enter"), "return"),
    **dict.fromkeys(("Delete", "KP_Delete"), "delete"),
    **dict.fromkeys(("Insert", "KP_Insert"), "insert"),
    **dict.fromkeys(("Prior", "Page_Up", "KP_Prior", "KP_Page_Up"), "prior"),
    **dict.fromkeys(("Next", "Page_Down", "KP_Next", "KP_Page_Down"), "next"),
    **dict.fromkeys(("Home", "KP_Home"), "home"),
    **dict.fromkeys(("End", "KP_End"), "end"),
    **dict.fromkeys(("Up", "KP_Up"), "up"),
    **dict.fromkeys(("Down", "KP_Down"), "down"),
    **dict.fromkeys(("Left", "KP_Left"), "left"),
    **dict.fromkeys(("Right", "KP_Right"), "right"),
    **dict.fromkeys(("Tab", "KP_Tab", "ISO_Left_Tab"), "tab"),
    **dict.fromkeys(("space", "KP_Space"), "space"),
    **dict.fromkeys(("plus", "KP_Add"), "plus"),
    **dict.fromkeys(("minus", "KP_Subtract"), "minus"),
    **{f"KP_{d}": str(d) for d in range(10)},
}
_XDOTOOL_MODIFIERS = {"Control_L": "ctrl", "Alt_L": "alt", "Shift_L": "shift", "Super_L": "super"}
_FUNCTION_KEY = re.compile(r"f(\d{1,2})", re.IGNORECASE)
MODIFIERS = frozenset({"ctrl", "shift", "alt", "super", "altgr"})


def split_chord(chord: str) -> list[str]:
    """ "ctrl+shift+t" -> ["ctrl", "shift", "t"]; "ctrl++" -> ["ctrl", "+"]; "+" -> ["+"]."""
    if chord == "+":
        return ["+"]
    if chord.endswith("++"):
        return [*chord[:-2].split("+"), "+"]
    return [part.strip() if part.strip() else part for part in chord.split("+")]


def split_sequence(text: str) -> list[str]:
    """xdotool accepts several chords separated by spaces: 'ctrl+a Delete' -> ['ctrl+a', 'Delete']."""
    return text.split()


def keysym_name(name: str) -> str:
    """Any vocabulary's name for one key -> the X keysym name to press. Names this table does not know
    (single characters, other keysyms such as "KP_0" or "XF86AudioMute") pass through unchanged."""
    alias = ALIASES.get(name.lower())
    if alias:
        return alias
    if match := _FUNCTION_KEY.fullmatch(name):
        return f"F{int(match[1])}"
    return name


def vendor_key(name: str) -> str:
    """A key as OpenAI or Gemini write it ("ENTER", "CTRL", "A", "f5") -> the xdotool-style name the computer
    tool takes ("Return", "ctrl", "a", "F5"). Single letters are lower-cased: "A" means the A key."""
    stripped = name.strip()
    keysym = keysym_name(stripped.lower() if len(stripped) == 1 else stripped)
    return _XDOTOOL_MODIFIERS.get(keysym, keysym)


def logical(name: str) -> str:
    """One key in its logical, case-folded form: "Control_R", "rctrl" and "CTRL" -> "ctrl";
    "KP_Delete" and "Del" -> "delete"; "S" -> "s"."""
    keysym = keysym_name(name)
    return _FOLDS.get(keysym, keysym).casefold()


def logical_chord(chord: str) -> frozenset[str]:
    """A chord in a comparable form: logical keys, order ignored."""
    return frozenset(logical(name) for name in split_chord(chord))


def logical_sequence(text: str) -> list[frozenset[str]]:
    """Each chord of a key sequence in its comparable form."""
    return [logical_chord(chord) for chord in split_sequence(text)]
