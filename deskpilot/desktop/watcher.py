"""A desktop's watcher: continuous observation through X events, at almost no cost while nothing happens.

One thread with its own X connection listens to
  - XDamage on the root window (every drawn rectangle of every window; Xvfb supports DAMAGE 1.1),
  - SubstructureNotify on the root (override-redirect popups: notifications, menus, tooltips),
  - PropertyNotify on the root (_NET_CLIENT_LIST: managed windows opening and closing; _NET_ACTIVE_WINDOW)
    and on each window it tracks (titles, WM_HINTS UrgencyHint, _NET_WM_STATE_DEMANDS_ATTENTION).
It keeps (a) the times of recent damage, which `settle` turns into event-driven settling, and (b) window
changes since the last observation, which `observe` hands out and forgets. It grabs no pixels: the run video
is the visual record, and crops of windows would bypass the redaction that screenshots get.

Sources: the DAMAGE protocol (https://gitlab.freedesktop.org/xorg/proto/xorgproto, damageproto.txt: a
Damage object on a window reports damage to it and its inferiors; DamageSubtract with no repair/parts
empties it), EWMH 1.5 (_NET_CLIENT_LIST, _NET_ACTIVE_WINDOW, _NET_WM_WINDOW_TYPE, _NET_WM_STATE,
_NET_WM_PING) and ICCCM 4.1.2.4 (WM_HINTS flag UrgencyHint = 1 << 8).
"""

from __future__ import annotations

import os
import select
import statistics
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from Xlib import X, Xatom
from Xlib import display as xdisplay
from Xlib.error import XError
from Xlib.ext import damage

URGENCY_HINT = 1 << 8  # ICCCM WM_HINTS flags
DAMAGE_HISTORY = 512  # damage times kept for settling
MAX_CHANGES = 64  # changes kept between two observations (older ones are counted, not kept)
QUIET_MIN_S = 0.04  # settling: the shortest quiet window while the app has drawn nothing since the action
QUIET_DRAWN_S = 0.025  # ...once it has drawn (1.5 frames at 60 Hz: an animation's next frame comes before)
QUIET_MAX_S = 0.4  # ...and the longest
GAP_FACTOR = 4.0  # the quiet window is this many times the app's longest gap between frames
RESPONSE_FACTOR = 0.5  # ...or this many times how long the app took to read the input, if longer
FRAME_GAP_MAX_S = 0.16  # longer gaps between damage end a burst (a caret blinking every 0.5 s is no frame)
PING_WAIT_S = 1.0  # an app that has not answered a ping by then is settled on drawing alone
ANSWER_GRACE_S = 0.01  # after an answer, for drawing the app sent right behind it
PACE_SETTLES = 8  # an app's pace (frame gap while animating) after its latest actions: this many kept
MAX_APPS = 64  # ...for at most this many apps
PACE_MIN_GAPS = 3  # an animation: at least this many gaps between frames, each under FRAME_GAP_MAX_S
MIN_AREA = 16  # smaller windows (1x1 helpers) are not reported
ROLES = {  # _NET_WM_WINDOW_TYPE_* -> what the model is told
    "NOTIFICATION": "notification",
    "DIALOG": "dialog",
    "DROPDOWN_MENU": "menu",
    "POPUP_MENU": "menu",
    "MENU": "menu",
    "TOOLTIP": "tooltip",
    "COMBO": "menu",
    "SPLASH": "splash screen",
    "UTILITY": "window",
    "NORMAL": "window",
}


@dataclass
class WindowChange:
    """Something that happened to one window. Times are time.time(); box is (x, y, w, h) in screen pixels."""

    kind: str  # "opened" | "closed" | "attention" | "focus"
    window: int
    title: str
    role: str
    box: tuple[int, int, int, int]
    at: float
    closed_at: float | None = None  # for "opened": when it closed again (a transient window)


@dataclass
class _Tracked:
    window: int
    title: str
    role: str
    box: tuple[int, int, int, int]
    opened: WindowChange | None  # the change reported for its opening, while not yet observed
    opened_at: float  # time.time() when it was seen opening


class Watcher:
    """Watches one X display. `start()`, then `settle()` after actions and `observe()` at each screenshot."""

    def __init__(self, display_name: str, size: tuple[int, int]):
        self.display_name = display_name
        self.size = size
        self._x = xdisplay.Display(display_name)  # connect in the caller (XAUTHORITY is set there)
        self._x.set_error_handler(lambda *_: None)  # errors of requests about windows already gone
        self._root = self._x.screen().root
        self._atoms = {name: self._x.intern_atom(name) for name in _ATOM_NAMES}
        self._lock = threading.Condition()
        self._damage_times: deque[float] = deque(maxlen=DAMAGE_HISTORY)
        self._pongs: dict[int, float] = {}
        self._paces: dict[int, deque[float]] = {}  # app (its ping window) -> longest frame gap per settle
        self._last_settle: tuple[float, int | None] = (0.0, None)  # its action's time and app
        self._changes: list[WindowChange] = []
        self._dropped = 0
        self._tracked: dict[int, _Tracked] = {}
        self._frames: dict[int, int] = {}  # root child (frame or popup) -> tracked window id
        self._active: int | None = None
        self._observed_active: int | None = None
        self._wake_r, self._wake_w = os.pipe()
        self._syncs_wanted = self._syncs_done = 0
        self._running = False
        self._thread: threading.Thread | None = None
        self.cpu_s = 0.0  # thread CPU time used so far

    # Life cycle
    def start(self) -> Watcher:
        if not self._x.has_extension("DAMAGE"):  # some python-xlib builds do not load it by default
            info = self._x.query_extension("DAMAGE")
            if info is None:
                raise RuntimeError("the X server has no DAMAGE extension")
            self._x.display.set_extension_major("DAMAGE", info.major_opcode)
            damage.init(self._x, info)
        damage.query_version(self._x)
        self._root.change_attributes(event_mask=X.SubstructureNotifyMask | X.PropertyChangeMask)
        self._damage = damage.damage_create(self._root, damage.DamageReportNonEmpty)
        self._x.sync()
        self._sync_clients(announce=False)
        self._active = self._observed_active = self._read_active()
        self._running = True
        self._thread = threading.Thread(target=self._run, name=f"watcher{self.display_name}", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self._running = False
        os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=2)
        for fd in (self._wake_r, self._wake_w):
            os.close(fd)
        try:
            self._x.close()
        except Exception:
            pass

    # What the agent side calls
    def settle(
        self,
        since: float,
        timeout: float,
        ping: Callable[[], int | None] = lambda: None,
        quiet_min: float = QUIET_MIN_S,
        drawn_min: float | None = None,
        app: int | None = None,
    ) -> bool:
        """Wait until drawing has stopped after an action that ended at monotonic time `since`; False if it
        had not by `since + timeout`.

        `ping` sends the focused app an EWMH ping and returns its token (None if the app takes no pings); the
        app answers once it has read every event before it, so a busy app answers late. Settled when no
        damage came for a quiet window sized from the app's own pace (GAP_FACTOR times its longest gap between
        frames closer than FRAME_GAP_MAX_S, or RESPONSE_FACTOR times how long it took to answer the first
        ping, within [quiet_min, QUIET_MAX_S]) and then the app has answered one more ping, sent once it looked
        done and after its last drawing (and ANSWER_GRACE_S passed for drawing sent right behind the answer).
        drawn_min: a shorter floor once the screen has changed since the action (None: quiet_min), raised to
        GAP_FACTOR times the app's pace: its frame gap when it animated after one of its PACE_SETTLES latest
        actions (`app`: an id for the app, the window pinged): an app that has animated slowly before gets a
        long enough window from the start.
        """
        deadline = since + timeout
        token, sent = ping(), time.monotonic()
        answered: float | None = since if token is None else None  # when the app answered the first ping
        last_answer = since
        waiting = token is not None  # for an answer
        confirmed = False  # a ping went out after the app looked done
        with self._lock:
            self._learn_pace(since)
            self._last_settle = (since, app)
            pace = max(self._paces.get(app, ()), default=0.0) if app is not None else 0.0
            while True:
                now = time.monotonic()
                if now >= deadline:
                    return False
                if waiting:
                    pong = self._pongs.pop(token, None)
                    if pong is None and now - sent < PING_WAIT_S:  # the app has not read all before it yet
                        self._lock.wait(min(deadline, sent + PING_WAIT_S) - now)
                        continue
                    if pong is None:  # no answer: settle on drawing alone
                        token, pong = None, now
                    waiting, answered, last_answer = False, answered or pong, pong
                damage_times = [t for t in self._damage_times if t >= since]
                marks = sorted([since, answered, *damage_times])
                gaps = [b - a for a, b in zip(marks, marks[1:], strict=False) if b - a < FRAME_GAP_MAX_S]
                response = RESPONSE_FACTOR * (answered - since)  # a slow answer: a slow app
                floor = quiet_min
                if drawn_min is not None and damage_times:  # it drew: its known pace sets the floor
                    floor = max(drawn_min, GAP_FACTOR * pace)
                quiet = min(max(floor, GAP_FACTOR * max(gaps, default=0.0), response), QUIET_MAX_S)
                ready = max(marks[-1] + quiet, last_answer + ANSWER_GRACE_S)
                if now < ready:
                    self._lock.wait(min(ready, deadline) - now)
                elif token is None or (confirmed and sent >= max(damage_times, default=since)):
                    return True
                else:  # ask again once the app looks done: a descheduled app answers late, then draws
                    token, sent, confirmed = ping(), now, True
                    waiting = token is not None

    def _learn_pace(self, now: float) -> None:
        """Credit the app of the previous settle with its pace: the median gap between frames from its
        action until `now`, if it drew an animation (PACE_MIN_GAPS gaps or more). Drawing after that settle
        returned counts too, so an app whose animation outlasted a settle gets a long enough window next
        time (lock held)."""
        since, app = self._last_settle
        if app is None:
            return
        times = [t for t in self._damage_times if since <= t < now]
        gaps = [b - a for a, b in zip(times, times[1:], strict=False) if b - a < FRAME_GAP_MAX_S]
        if app not in self._paces and len(self._paces) >= MAX_APPS:  # apps come and go: forget them all
            self._paces.clear()
        animated = len(gaps) >= PACE_MIN_GAPS  # two frames apart (a caret, then a line) are no animation
        self._paces.setdefault(app, deque(maxlen=PACE_SETTLES)).append(
            statistics.median(gaps) if animated else 0
        )

    def new_active_window(self, after: float) -> int | None:
        """The window the window manager made active, if it opened after wall time `after` (a dialog the
        action opened: its app takes the keyboard focus a little later)."""
        with self._lock:
            tracked = self._tracked.get(self._active) if self._active else None
            return tracked.window if tracked is not None and tracked.opened_at > after else None

    def last_damage(self) -> float | None:
        with self._lock:
            return self._damage_times[-1] if self._damage_times else None

    def observe(self) -> tuple[list[WindowChange], int]:
        """Window changes since the previous observation, oldest first, and how many more were not kept;
        the watcher then forgets them."""
        self._catch_up()
        with self._lock:
            changes, self._changes = self._changes, []
            dropped, self._dropped = self._dropped, 0
            for tracked in self._tracked.values():
                tracked.opened = None
            active = self._active
            if active != self._observed_active and active in self._tracked:
                t = self._tracked[active]
                changes.append(WindowChange("focus", t.window, t.title, t.role, t.box, time.time()))
            self._observed_active = active
        return changes, dropped

    def _catch_up(self, timeout: float = 1.0) -> None:
        """Let the thread read every event the server sent before now (one round trip)."""
        with self._lock:
            self._syncs_wanted += 1
            wanted = self._syncs_wanted
            os.write(self._wake_w, b"s")
            self._lock.wait_for(lambda: self._syncs_done >= wanted or not self._running, timeout)

    # The thread
    def _run(self) -> None:
        start_cpu = time.thread_time()
        while self._running:
            try:
                readable, _, _ = select.select([self._x, self._wake_r], [], [])
                wanted = self._syncs_wanted
                if self._wake_r in readable:
                    os.read(self._wake_r, 64)
                    self._x.sync()
                self._drain()
                with self._lock:
                    self._syncs_done = wanted
                    self._lock.notify_all()
            except Exception:  # the display is gone (desktop closed)
                break
            finally:
                self.cpu_s = time.thread_time() - start_cpu

    def _drain(self) -> None:
        damaged = False
        while self._x.pending_events():
            event = self._x.next_event()
            try:
                damaged = self._handle(event) or damaged
            except XError:
                continue  # the window went away between the event and our question about it

        if damaged:
            damage.damage_subtract(self._x, self._damage)  # re-arm: the next drawing reports again
            self._x.flush()
            now = time.monotonic()
            with self._lock:
                self._damage_times.append(now)
                self._lock.notify_all()

    def _handle(self, event) -> bool:
        """Handle one event; True if it reports damage."""
        if event.type == self._x.extension_event.DamageNotify:
            return True
        if event.type == X.PropertyNotify:
            self._on_property(event)
        elif event.type == X.MapNotify and event.override:
            self._on_popup_mapped(event.window)
        elif event.type in (X.UnmapNotify, X.DestroyNotify) and event.window.id in self._tracked:
            self._on_gone(event.window.id)
        elif event.type == X.ClientMessage and event.client_type == self._atoms["WM_PROTOCOLS"]:
            self._on_pong(event)
        return False

    def _on_pong(self, event) -> None:
        fmt, data = event.data
        if fmt == 32 and data[0] == self._atoms["_NET_WM_PING"]:
            with self._lock:
                if len(self._pongs) > 64:  # answers nobody waited for (a settle that timed out)
                    self._pongs.clear()
                self._pongs[data[3]] = time.monotonic()
                self._lock.notify_all()

    def _on_property(self, event) -> None:
        atom, window = event.atom, event.window.id
        if window == self._root.id:
            if atom == self._atoms["_NET_CLIENT_LIST"]:
                self._sync_clients(announce=True)
            elif atom == self._atoms["_NET_ACTIVE_WINDOW"]:
                active = self._read_active()
                with self._lock:
                    self._active = active
            return
        tracked = self._tracked.get(window)
        if tracked is None:
            return
        if atom in (self._atoms["_NET_WM_NAME"], Xatom.WM_NAME):
            with self._lock:
                tracked.title = self._title(event.window)
        elif atom in (Xatom.WM_HINTS, self._atoms["_NET_WM_STATE"]) and self._wants_attention(event.window):
            self._add(
                WindowChange("attention", window, tracked.title, tracked.role, tracked.box, time.time())
            )

    def _sync_clients(self, announce: bool) -> None:
        """Diff _NET_CLIENT_LIST (the windows the window manager manages) against what we track."""
        prop = self._root.get_full_property(self._atoms["_NET_CLIENT_LIST"], X.AnyPropertyType)
        current = set(prop.value) if prop else set()
        managed = {wid for wid in self._tracked if wid not in self._frames}
        for wid in managed - current:
            self._on_closed(wid)
        for wid in current - set(self._tracked):
            window = self._x.create_resource_object("window", wid)
            try:
                window.change_attributes(event_mask=X.PropertyChangeMask | X.StructureNotifyMask)
                self._track(window, self._role(window), announce)
            except XError:
                continue

    def _on_popup_mapped(self, window) -> None:
        """An override-redirect window (it bypasses the window manager): a menu, tooltip or notification."""
        try:
            window.change_attributes(event_mask=X.PropertyChangeMask)
            role = self._role(window, default="popup")
            tracked = self._track(window, role, announce=True)
        except XError:
            return
        if tracked is not None:
            self._frames[window.id] = window.id

    def _on_gone(self, wid: int) -> None:
        """A tracked window was unmapped or destroyed: the server tells us at once (the window manager
        updates _NET_CLIENT_LIST later)."""
        self._frames.pop(wid, None)
        self._on_closed(wid)

    def _track(self, window, role: str, announce: bool) -> _Tracked | None:
        box = self._box(window)
        if box[2] * box[3] < MIN_AREA or not _overlaps(box, (0, 0, *self.size)):
            return None
        title = self._title(window)
        opened = WindowChange("opened", window.id, title, role, box, time.time()) if announce else None
        tracked = _Tracked(window.id, title, role, box, opened, time.time())
        with self._lock:
            self._tracked[window.id] = tracked
        if opened is not None:
            self._add(opened)
        return tracked

    def _on_closed(self, wid: int) -> None:
        with self._lock:
            tracked = self._tracked.pop(wid, None)
            if tracked is None:
                return
            if tracked.opened is not None:  # opened and closed between two observations: a transient
                tracked.opened.closed_at = time.time()
                return
        self._add(WindowChange("closed", wid, tracked.title, tracked.role, tracked.box, time.time()))

    def _add(self, change: WindowChange) -> None:
        with self._lock:
            if len(self._changes) >= MAX_CHANGES:
                self._dropped += 1
            else:
                self._changes.append(change)

    # X property helpers
    def _read_active(self) -> int | None:
        prop = self._root.get_full_property(self._atoms["_NET_ACTIVE_WINDOW"], X.AnyPropertyType)
        return prop.value[0] if prop and len(prop.value) and prop.value[0] else None

    def _title(self, window) -> str:
        try:
            name = window.get_full_property(self._atoms["_NET_WM_NAME"], self._atoms["UTF8_STRING"])
            if name:
                return name.value.decode("utf-8", "replace")
            return window.get_wm_name() or ""
        except (XError, UnicodeError):
            return ""

    def _role(self, window, default: str = "window") -> str:
        prop = window.get_full_property(self._atoms["_NET_WM_WINDOW_TYPE"], Xatom.ATOM)
        for atom in prop.value if prop else []:
            name = self._x.get_atom_name(atom).removeprefix("_NET_WM_WINDOW_TYPE_")
            if name in ROLES:
                return ROLES[name]
        if window.get_wm_transient_for():
            return "dialog"
        return default

    def _box(self, window) -> tuple[int, int, int, int]:
        geometry = window.get_geometry()
        origin = window.translate_coords(self._root, 0, 0)
        return (-origin.x, -origin.y, geometry.width, geometry.height)

    def _wants_attention(self, window) -> bool:
        hints = window.get_wm_hints()
        if hints is not None and hints.flags & URGENCY_HINT:
            return True
        state = window.get_full_property(self._atoms["_NET_WM_STATE"], Xatom.ATOM)
        return bool(state) and self._atoms["_NET_WM_STATE_DEMANDS_ATTENTION"] in state.value


_ATOM_NAMES = (
    "_NET_CLIENT_LIST",
    "_NET_ACTIVE_WINDOW",
    "_NET_WM_NAME",
    "UTF8_STRING",
    "_NET_WM_WINDOW_TYPE",
    "_NET_WM_STATE",
    "_NET_WM_STATE_DEMANDS_ATTENTION",
    "_NET_WM_PING",
    "WM_PROTOCOLS",
)


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


MAX_LINES = 8  # a tool result tells at most this many changes
MAX_TITLE = 80


def to_record(change: WindowChange, to_image: Callable[[int, int], tuple[int, int]]) -> dict:
    """A change as plain data for the model's side: the box in the model's image pixels."""
    x, y, w, h = change.box
    left, top = to_image(x, y)
    right, bottom = to_image(x + w, y + h)
    record = {
        "kind": change.kind,
        "title": _one_line(change.title),
        "role": change.role,
        "box": [left, top, right - left, bottom - top],
        "at": round(change.at, 3),
    }
    if change.closed_at is not None:
        record["closed_at"] = round(change.closed_at, 3)
        record["shown_s"] = round(change.closed_at - change.at, 2)
    return record


def describe(records: list[dict], dropped: int = 0) -> str:
    """One short line per change (at most MAX_LINES), for the text of a tool result. The same change seen
    several times in a row (a popup that flickers while a name is typed) is one line with a count."""
    said: list[str] = []
    for r in records:
        what = f"{r['role']} '{r['title']}'" if r["title"] else f"an untitled {r['role']}"
        x, y, w, h = r["box"]
        if r["kind"] == "opened" and "shown_s" in r:
            said.append(f"{what} appeared at ({x}, {y}), {w}x{h}, for {r['shown_s']:.1f} s and closed again")
        elif r["kind"] == "opened":
            said.append(f"{what} opened at ({x}, {y}), {w}x{h}")
        elif r["kind"] == "closed":
            said.append(f"{what} closed")
        elif r["kind"] == "attention":
            said.append(f"{what} asks for attention")
        elif r["kind"] == "focus":
            said.append(f"the keyboard focus moved to {what}")
    runs = [(line, len(list(same))) for line, same in groupby(said)]
    lines = [line if times == 1 else f"{line} ({times} times)" for line, times in runs[:MAX_LINES]]
    more = len(runs) - len(lines) + dropped
    if more > 0:
        lines.append(f"{more} more window changes")
    if not lines:
        return ""
    return "Seen on the desktop since the last screenshot:\n" + "\n".join(f"- {line}" for line in lines)


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1] + "…"
