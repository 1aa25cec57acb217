"""Mouse and keyboard through the XTEST extension, in-process with python-xlib (no shell, no xdotool)."""

from __future__ import annotations

import itertools
import select
import threading
import time
from collections.abc import Callable

from Xlib import XK, X, Xatom
from Xlib.display import Display
from Xlib.error import XError
from Xlib.ext import xtest
from Xlib.protocol import event as xevent
from Xlib.xobject.drawable import Window

from deskpilot.desktop.keys import keysym_for_char, parse_chord

BUTTONS = {"left": 1, "middle": 2, "right": 3}
SCROLL_BUTTONS = {"up": 4, "down": 5, "left": 6, "right": 7}
SHIFT = XK.XK_Shift_L
DRAG_STEPS = 12
MULTI_CLICK_GAP_S = 0.015  # between the clicks of a double/triple click: GTK miscounts back-to-back ones
REMAP_SETTLE_S = 0.03  # pause before reusing spare keycodes when the focused app does not answer pings
PING_TIMEOUT_S = 5.0
SPARE_KEYCODES_PROPERTY = "_DESKPILOT_SPARE_KEYCODES"
# Apps that drop a key press while the button it stands for is still shown pressed, by WM_CLASS instance:
# galculator shows a button active for 100 ms after each press and ignores presses of an active button
# (galculator src/ui.c: button_activation() -> g_timeout_add(100, button_deactivation, b)).
DEBOUNCED_APPS_S = {"galculator": 0.1}
DEBOUNCE_MARGIN_S = 0.05


class XInput:
    """Synthesises input on one X display. Thread-safe."""

    def __init__(self, display: Display):
        self.display = display
        self.root = display.screen().root
        self._lock = threading.RLock()
        self._spare = self._find_spare_keycodes()
        self._remapped: dict[int, int] = {}  # keysym -> spare keycode, in this round
        self._caught_up = False  # whether the focused app has read the keys of earlier rounds
        self._ping_tokens = itertools.count(1)

    def _find_spare_keycodes(self) -> list[int]:
        """Keycodes without keysyms, for remapping. The server keeps remappings after their client leaves,
        so the first XInput on a display records the spare ones on the root window for later connections."""
        atom = self.display.intern_atom(SPARE_KEYCODES_PROPERTY)
        recorded = self.root.get_full_property(atom, Xatom.CARDINAL)
        if recorded is not None:
            return list(recorded.value)
        first = self.display.display.info.min_keycode
        count = self.display.display.info.max_keycode - first + 1
        mapping = self.display.get_keyboard_mapping(first, count)
        spare = [first + i for i, syms in enumerate(mapping) if not any(syms)]
        self.root.change_property(atom, Xatom.CARDINAL, 32, spare)
        self.display.sync()
        return spare

    # Pointer
    def pointer(self) -> tuple[int, int]:
        with self._lock:
            reply = self.root.query_pointer()
            return reply.root_x, reply.root_y

    def move(self, x: int, y: int) -> None:
        with self._lock:
            xtest.fake_input(self.display, X.MotionNotify, x=x, y=y)
            self.display.sync()

    def button(self, button: int, press: bool) -> None:
        with self._lock:
            xtest.fake_input(self.display, X.ButtonPress if press else X.ButtonRelease, button)
            self.display.sync()

    def click(self, button: str = "left", count: int = 1, modifiers: list[str] | None = None) -> None:
        code = BUTTONS[button]
        with self.held(modifiers or []):
            for index in range(count):
                if index:
                    time.sleep(MULTI_CLICK_GAP_S)
                self.button(code, True)
                self.button(code, False)

    def drag(self, start: tuple[int, int], end: tuple[int, int], modifiers: list[str] | None = None) -> None:
        """Press at start, move in steps (toolkits need motion past their drag threshold), release at end."""
        with self.held(modifiers or []):
            self.move(*start)
            self.button(1, True)
            for step in range(1, DRAG_STEPS + 1):
                fx = start[0] + (end[0] - start[0]) * step / DRAG_STEPS
                fy = start[1] + (end[1] - start[1]) * step / DRAG_STEPS
                self.move(round(fx), round(fy))
            self.button(1, False)

    def scroll(self, direction: str, amount: int, modifiers: list[str] | None = None) -> None:
        code = SCROLL_BUTTONS[direction]
        with self.held(modifiers or []):
            for _ in range(amount):
                self.button(code, True)
                self.button(code, False)

    # Keyboard
    def _keycode(self, keysym: int) -> tuple[int, bool]:
        """The keycode producing keysym and whether Shift is needed; remaps a spare keycode if none does."""
        # XKB's keypad type ignores Shift: a keypad digit's shift column needs NumLock, so remap those.
        levels = (0,) if XK.XK_KP_Space <= keysym <= XK.XK_KP_Equal else (0, 1)
        for keycode, index in self.display.keysym_to_keycodes(keysym):
            if index in levels and keycode not in self._spare:
                return keycode, index == 1
        keycode = self._remapped.get(keysym)
        if keycode is not None and self._keysym_of(keycode) == keysym:  # another connection may remap it
            return keycode, False
        return self._remap(keysym), False

    def _keysym_of(self, keycode: int) -> int:
        return self.display.get_keyboard_mapping(keycode, 1)[0][0]

    def _remap(self, keysym: int) -> int:
        """Give keysym a spare keycode. Spare keycodes are handed out in rounds. Apps look a keycode up in the
        keymap of when they read the key, not of when it was pressed, so before a round reuses keycodes the
        focused app must have read the keys typed with them."""
        if not self._spare:
            raise RuntimeError("no spare keycode left to type this character")
        if len(self._remapped) == len(self._spare):
            self._remapped.clear()
            self._caught_up = False
        keycode = self._spare[len(self._remapped)]
        mapping = self.display.get_keyboard_mapping(keycode, 1)[0]
        if any(mapping) and not self._caught_up:
            self._wait_for_focused_app()
            self._caught_up = True
        self.display.change_keyboard_mapping(keycode, [[keysym] * len(mapping)])
        self.display.sync()
        self._remapped[keysym] = keycode
        return keycode

    def _wait_for_focused_app(self, timeout: float = PING_TIMEOUT_S) -> None:
        """Wait until the app with the keyboard focus has read all input sent so far: it answers an EWMH
        ping (GTK, Qt and Chromium do) only after reading the events before it. Apps that don't answer get
        a short pause."""
        window = self._focused_pingable_window()
        if window is None:
            time.sleep(REMAP_SETTLE_S)
            return
        protocols = self.display.intern_atom("WM_PROTOCOLS")
        ping = self.display.intern_atom("_NET_WM_PING")
        token = next(self._ping_tokens)
        data = [ping, X.CurrentTime, window.id, token, 0]
        self.root.change_attributes(event_mask=X.SubstructureNotifyMask)  # the answer goes to the root
        try:
            window.send_event(
                xevent.ClientMessage(window=window, client_type=protocols, data=(32, data)),
                event_mask=X.NoEventMask,
            )
            self.display.flush()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                while self.display.pending_events():
                    event = self.display.next_event()
                    if event.type == X.ClientMessage and list(event.data[1]) == data:
                        return
                select.select([self.display], [], [], max(0.0, deadline - time.monotonic()))
        finally:
            self.root.change_attributes(event_mask=X.NoEventMask)
            while self.display.pending_events():
                self.display.next_event()

    def pinger(self) -> tuple[Callable[[], int | None], int | None]:
        """A function that sends an EWMH _NET_WM_PING to the app that has the keyboard focus now and returns
        its token, without waiting (None if that app takes no pings), and the id of the window it pings. The
        app sends it back to the root window once it has read every event before it (EWMH 1.5,
        _NET_WM_PING); a desktop's watcher sees it."""
        with self._lock:
            window = self._focused_pingable_window()
        if window is None:
            return (lambda: None), None
        protocols = self.display.intern_atom("WM_PROTOCOLS")
        ping = self.display.intern_atom("_NET_WM_PING")

        def send() -> int | None:
            with self._lock:
                token = next(self._ping_tokens)
                data = [ping, X.CurrentTime, window.id, token, 0]
                try:
                    window.send_event(
                        xevent.ClientMessage(window=window, client_type=protocols, data=(32, data)),
                        event_mask=X.NoEventMask,
                    )
                    self.display.flush()
                except XError:
                    return None
                return token

        return send, window.id

    def _focused_pingable_window(self) -> Window | None:
        """The focused window or its nearest ancestor that lists _NET_WM_PING in WM_PROTOCOLS."""
        protocols = self.display.intern_atom("WM_PROTOCOLS")
        ping = self.display.intern_atom("_NET_WM_PING")
        window = self.display.get_input_focus().focus
        try:
            while isinstance(window, Window) and window.id != self.root.id:
                listed = window.get_full_property(protocols, Xatom.ATOM)
                if listed is not None and ping in listed.value:
                    return window
                window = window.query_tree().parent
        except XError:  # the window went away
            pass
        return None

    def key_event(self, keysym: int, press: bool) -> None:
        with self._lock:
            keycode, _ = self._keycode(keysym)
            xtest.fake_input(self.display, X.KeyPress if press else X.KeyRelease, keycode)
            self.display.sync()

    def press_chord(self, keysyms: list[int]) -> None:
        """Press keys in order, then release them (a chord like ctrl+shift+t)."""
        with self._lock:
            codes = [self._keycode(sym) for sym in keysyms]
            keycodes = [keycode for keycode, _ in codes]
            shift_code = self._keycode(SHIFT)[0]
            # Keys on the shift level ("A", "exclam", "KP_0" with NumLock off) need Shift held, as in xdotool.
            if any(shifted for _, shifted in codes) and shift_code not in keycodes:
                keycodes.insert(0, shift_code)
            for keycode in keycodes:
                xtest.fake_input(self.display, X.KeyPress, keycode)
            # Release in press order, modifiers first: a window manager's passive grab of a chord (alt+Tab)
            # lasts while its last key is down, so it also gets the modifier release that ends the chord.
            for keycode in keycodes:
                xtest.fake_input(self.display, X.KeyRelease, keycode)
            self.display.sync()

    def type_text(self, text: str) -> None:
        """Type any Unicode text; '\\n' is Return. Characters without a key get a spare keycode. Into an app
        that debounces its keys (DEBOUNCED_APPS_S), a key typed again is held back until the app has read the
        earlier press and its debounce time has passed; every other key goes at full speed."""
        with self._lock:
            shift_code = self._keycode(SHIFT)[0]
            debounce = self._focused_debounce()
            read_by: dict[int, float] = {}  # keycode -> a time by which the app had read its last press
            unread: set[int] = set()  # keycodes pressed since the app last caught up
            for char in text.replace("\r\n", "\n"):
                keycode, shifted = self._keycode(keysym_for_char(char))
                if debounce and (keycode in unread or keycode in read_by):
                    if keycode in unread:
                        self._wait_for_focused_app()
                        caught_up = time.monotonic()
                        read_by.update(dict.fromkeys(unread, caught_up))
                        unread.clear()
                    time.sleep(max(0.0, read_by[keycode] + debounce + DEBOUNCE_MARGIN_S - time.monotonic()))
                if shifted:
                    xtest.fake_input(self.display, X.KeyPress, shift_code)
                xtest.fake_input(self.display, X.KeyPress, keycode)
                xtest.fake_input(self.display, X.KeyRelease, keycode)
                if shifted:
                    xtest.fake_input(self.display, X.KeyRelease, shift_code)
                self.display.sync()
                if debounce:
                    unread.add(keycode)

    def _focused_debounce(self) -> float:
        """The debounce time of the app with the keyboard focus (0 for apps that take every key)."""
        window = self.display.get_input_focus().focus
        try:
            while isinstance(window, Window) and window.id != self.root.id:
                wm_class = window.get_wm_class()
                if wm_class:
                    return max(DEBOUNCED_APPS_S.get(name.lower(), 0.0) for name in wm_class)
                window = window.query_tree().parent
        except XError:  # the window went away
            pass
        return 0.0

    def held(self, names: list[str]) -> _Held:
        return _Held(self, [sym for name in names for sym in parse_chord(name)])


class _Held:
    """Context manager holding modifier keys down."""

    def __init__(self, xinput: XInput, keysyms: list[int]):
        self.xinput = xinput
        self.keysyms = keysyms

    def __enter__(self) -> None:
        for sym in self.keysyms:
            self.xinput.key_event(sym, True)

    def __exit__(self, *exc: object) -> None:
        for sym in reversed(self.keysyms):
            self.xinput.key_event(sym, False)
