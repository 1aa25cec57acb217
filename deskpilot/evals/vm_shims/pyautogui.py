"""A small `pyautogui` for OSWorld's set-up steps inside a deskpilot desktop, driven by xdotool on the
desktop's DISPLAY. It covers the calls the 369 OSWorld tasks make (click, doubleClick, rightClick, moveTo,
mouseDown, mouseUp, scroll, press, hotkey, write/typewrite, size, position). PyPI's pyautogui pulls in
python3-Xlib, which would replace the python-xlib deskpilot itself uses, so the desktop gets this instead.
Function names and arguments follow pyautogui's documented API (pyautogui.readthedocs.io).
"""

import subprocess
import time

from deskpilot.core.keys import keysym_name

FAILSAFE = False
PAUSE = 0.1  # pyautogui waits this long after each call
BUTTONS = {"left": "1", "middle": "2", "right": "3", "primary": "1", "secondary": "3"}


def _xdotool(*args) -> str:
    out = subprocess.run(["xdotool", *map(str, args)], capture_output=True, text=True, check=True).stdout
    time.sleep(PAUSE)
    return out


def _keysym(key: str) -> str:
    """pyautogui's key names -> X keysyms, through deskpilot's one key table."""
    key = str(key)
    if key in ("\n", "\r"):
        return "Return"
    if key == "\t":
        return "Tab"
    return keysym_name(key)


def _flatten(keys) -> list:
    flat = []
    for key in keys:
        flat.extend(key if isinstance(key, list | tuple) else [key])
    return flat


def size():
    width, height = _xdotool("getdisplaygeometry").split()
    return int(width), int(height)


def position():
    fields = dict(part.split(":") for part in _xdotool("getmouselocation").split() if ":" in part)
    return int(fields["x"]), int(fields["y"])


def moveTo(x=None, y=None, duration=0.0, *args, **kwargs):  # noqa: N802 (pyautogui's name)
    if x is not None and y is not None:
        _xdotool("mousemove", int(x), int(y))  # not --sync: it waits ~15 s when the pointer is already there


def click(x=None, y=None, clicks=1, interval=0.0, button="left", *args, **kwargs):
    moveTo(x, y)
    _xdotool("click", "--repeat", int(clicks), "--delay", int(interval * 1000), BUTTONS.get(button, button))


def doubleClick(x=None, y=None, interval=0.0, button="left", *args, **kwargs):  # noqa: N802
    click(x, y, 2, interval, button)


def rightClick(x=None, y=None, *args, **kwargs):  # noqa: N802
    click(x, y, 1, 0.0, "right")


def mouseDown(x=None, y=None, button="left", *args, **kwargs):  # noqa: N802
    moveTo(x, y)
    _xdotool("mousedown", BUTTONS.get(button, button))


def mouseUp(x=None, y=None, button="left", *args, **kwargs):  # noqa: N802
    moveTo(x, y)
    _xdotool("mouseup", BUTTONS.get(button, button))


def scroll(clicks, x=None, y=None, *args, **kwargs):
    moveTo(x, y)
    if int(clicks):
        _xdotool("click", "--repeat", abs(int(clicks)), "4" if int(clicks) > 0 else "5")


def press(keys, presses=1, interval=0.0, *args, **kwargs):
    keys = [keys] if isinstance(keys, str) else list(keys)
    for _ in range(int(presses)):
        for key in keys:
            _xdotool("key", "--clearmodifiers", _keysym(key))
            time.sleep(interval)


def hotkey(*keys, **kwargs):
    _xdotool("key", "--clearmodifiers", "+".join(_keysym(k) for k in _flatten(keys)))


def write(message, interval=0.0, *args, **kwargs):
    if isinstance(message, list | tuple):
        for key in message:
            press(key)
            time.sleep(interval)
        return
    _xdotool("type", "--delay", max(1, int(interval * 1000)), "--", message)


typewrite = write
sleep = time.sleep
