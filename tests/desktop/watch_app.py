"""A small X app for the watcher tests, written with python-xlib. Run with DISPLAY set.

It shows a main window titled "Watch test" that answers _NET_WM_PING, and reads commands on stdin:
  flash TITLE MS X Y KIND   show a 240x60 window titled TITLE at (X, Y) for MS milliseconds, then close it;
                            KIND is "popup" (override-redirect, like a notification daemon's bubble) or
                            "notification" (managed, _NET_WM_WINDOW_TYPE_NOTIFICATION) or "dialog" (managed,
                            _NET_WM_WINDOW_TYPE_DIALOG, transient for the main window). Prints "flashed".
  attention                 set the UrgencyHint in the main window's WM_HINTS. Prints "urgent".
A click in the main window starts a slow redraw: a bar grows every FRAME_MS (25 ms) for SLOW_MS (800 ms), then the
window turns green. The key "b" blocks the app for BLOCK_MS (400 ms) first (it reads no events meanwhile,
pings included), then does the same. Each redraw sends the server its drawing at once (XSync).
It prints "ready" once its window is mapped, "drawn" when a slow redraw has ended.
"""

from __future__ import annotations

import os
import select
import sys
import time

from Xlib import X, Xatom, Xutil, display

SLOW_MS = 800
BLOCK_MS = 400
FRAME_MS = int(os.environ.get("WATCH_APP_FRAME_MS", "25"))
SIZE = (400, 300)
BLUE = 0x3355AA  # a flashed window's colour


class App:
    def __init__(self) -> None:
        self.d = display.Display()
        self.screen = self.d.screen()
        self.root = self.screen.root
        self.atom = self.d.intern_atom
        self.main = self._window("Watch test", 100, 100, *SIZE, override=False)
        self.main.change_attributes(event_mask=X.ExposureMask | X.ButtonPressMask | X.KeyPressMask)
        self.main.set_wm_protocols([self.atom("WM_DELETE_WINDOW"), self.atom("_NET_WM_PING")])
        self.gc = self.main.create_gc(foreground=self.screen.white_pixel)
        self.main.map()
        self.d.sync()
        self.animating_until = 0.0
        self.next_frame = 0.0
        self.flashing = None

    def _window(self, title: str, x: int, y: int, w: int, h: int, override: bool, kind: str = "NORMAL"):
        window = self.root.create_window(
            x,
            y,
            w,
            h,
            0,
            self.screen.root_depth,
            X.InputOutput,
            X.CopyFromParent,
            background_pixel=self.screen.white_pixel,
            override_redirect=override,
        )
        window.set_wm_name(title)
        window.change_property(self.atom("_NET_WM_NAME"), self.atom("UTF8_STRING"), 8, title.encode())
        window.change_property(
            self.atom("_NET_WM_WINDOW_TYPE"), Xatom.ATOM, 32, [self.atom(f"_NET_WM_WINDOW_TYPE_{kind}")]
        )
        return window

    def fill(self, window, colour: int, x: int, y: int, w: int, h: int) -> None:
        gc = window.create_gc(foreground=colour)
        window.fill_rectangle(gc, x, y, w, h)
        gc.free()
        self.d.sync()

    def flash(self, title: str, ms: int, x: int, y: int, kind: str) -> None:
        popup = kind == "popup"
        window = self._window(
            title, x, y, 240, 60, override=popup, kind=kind.upper() if not popup else "NOTIFICATION"
        )
        if kind == "dialog":
            window.set_wm_transient_for(self.main)
        window.set_wm_normal_hints(flags=Xutil.USPosition | Xutil.PPosition, x=x, y=y)
        window.set_wm_hints(flags=Xutil.InputHint, input=0)  # a notification does not take the focus
        window.change_attributes(event_mask=X.ExposureMask)  # a managed window is drawn once it is shown
        self.flashing = window
        window.map()
        self.d.sync()
        self.fill(window, BLUE, 0, 0, 240, 60)
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            self.pump(timeout=end - time.monotonic())
        self.flashing = None
        window.destroy()
        self.d.sync()
        print("flashed", flush=True)

    def start_slow(self, block: bool) -> None:
        if block:
            time.sleep(BLOCK_MS / 1000)
        self.fill(self.main, 0xFFFFFF, 0, 0, *SIZE)
        self.animating_until = time.monotonic() + SLOW_MS / 1000
        self.next_frame = time.monotonic()

    def tick(self) -> None:
        if not self.animating_until:
            return
        now = time.monotonic()
        if now >= self.animating_until:
            self.animating_until = 0.0
            self.fill(self.main, 0x00C000, 0, 0, *SIZE)
            print("drawn", flush=True)
        elif now >= self.next_frame:
            done = 1 - (self.animating_until - now) / (SLOW_MS / 1000)
            self.fill(self.main, 0xC00000, 0, 0, int(SIZE[0] * done), 20)
            self.next_frame = now + FRAME_MS / 1000

    def pump(self, timeout: float) -> None:
        if self.animating_until:
            now = time.monotonic()
            timeout = max(0.0, min(timeout, self.next_frame - now, self.animating_until - now))
        if not self.d.pending_events():
            select.select([self.d, sys.stdin], [], [], timeout)
        while self.d.pending_events():
            self.handle(self.d.next_event())
        self.tick()

    def handle(self, event) -> None:
        if event.type == X.Expose and self.flashing is not None and event.window.id == self.flashing.id:
            self.fill(self.flashing, BLUE, 0, 0, 240, 60)
        elif event.type == X.ButtonPress:
            self.start_slow(block=False)
        elif event.type == X.KeyPress and self.d.keycode_to_keysym(event.detail, 0) == ord("b"):
            self.start_slow(block=True)
        elif event.type == X.ClientMessage and event.client_type == self.atom("WM_PROTOCOLS"):
            fmt, data = event.data
            if data[0] == self.atom("_NET_WM_PING"):  # EWMH: send it back to the root window
                event.window = self.root
                self.root.send_event(event, event_mask=X.SubstructureNotifyMask | X.SubstructureRedirectMask)
                self.d.flush()

    def run(self) -> None:
        print("ready", flush=True)
        buffer = b""
        while True:
            self.pump(timeout=1.0)
            if select.select([sys.stdin], [], [], 0)[0]:
                chunk = os.read(sys.stdin.fileno(), 4096)
                if not chunk:
                    return
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    parts = line.decode().split("\t")
                    if parts[0] == "flash":
                        self.flash(parts[1], int(parts[2]), int(parts[3]), int(parts[4]), parts[5])
                    elif parts[0] == "attention":
                        self.main.set_wm_hints(flags=Xutil.UrgencyHint)
                        self.d.sync()
                        print("urgent", flush=True)


if __name__ == "__main__":
    App().run()
