"""The local model's driver: perception of the live screen plus the plans, one action per turn.

`LocalAgent.step(result)` takes the previous action's result and returns the next decision: an action
(`Act`, in screen pixels) or a final status with its text. Perception is recomputed lazily after each
action: the screenshot, the accessibility snapshot, OCR (only when a plan asks for it) and the merged
element list.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, replace

from PIL import Image

from deskpilot.desktop.apps import CATALOG
from deskpilot.local.nlu import Command, understand
from deskpilot.local.plans import PLANS, Act, GiveUp, NeedUser
from deskpilot.local.plans.browser import shown_address
from deskpilot.local.plans.common import wait
from deskpilot.perception import elements as el
from deskpilot.perception.a11y import A11y
from deskpilot.perception.ocr import OCR


class Perception:
    """What the model sees now. With a desktop: its full-resolution screen, windows and AT-SPI tree;
    without one: the last screenshot a tool returned (image pixels) and OCR only."""

    def __init__(self, desktop=None, tools: tuple[str, ...] = ("computer",), zoom_enabled: bool = False):
        self.desktop = desktop
        self.tools = tools
        self.zoom_enabled = zoom_enabled
        self.ocr = OCR()
        self.a11y = A11y(desktop.env, preexec_fn=desktop.preexec) if desktop is not None else None
        self.image: Image.Image | None = None  # the last tool screenshot, when there is no desktop
        self.notes: dict[str, str] = {}  # what earlier commands found out ("result" of a computation)
        self.tooltips: list = []  # tooltips read by hovering, with how their spots looked (plans.common)
        self.timings: dict[str, float] = {}
        self.invalidate()

    def invalidate(self) -> None:
        self._shot = self._nodes = self._lines = self._windows = None
        self._elements: dict[bool, list] = {}

    def _timed(self, name: str, fn):
        start = time.perf_counter()
        value = fn()
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
        return value

    @property
    def screen(self) -> tuple[int, int]:
        return tuple(self.desktop.size) if self.desktop is not None else self.shot().size

    @property
    def home(self) -> str | None:
        return str(self.desktop.home) if self.desktop is not None else None

    def has_tool(self, name: str) -> bool:
        return name in self.tools

    def shot(self) -> Image.Image:
        if self._shot is None:
            if self.desktop is not None:
                self._shot = self._timed("screenshot", self.desktop.screenshot)
            elif self.image is not None:
                self._shot = self.image
            else:
                raise GiveUp("I have no screenshot to look at.")
        return self._shot

    def nodes(self):
        if self._nodes is None and self.a11y is not None:
            self._nodes = self._timed("a11y", self.a11y.snapshot) or []
        return self._nodes or []

    def lines(self):
        if self._lines is None:
            self._lines = self._timed("ocr", lambda: self.ocr.read(self.shot()))
        return self._lines

    def elements(self, ocr: bool = True) -> list[el.Element]:
        if ocr not in self._elements:
            lines = self.lines() if ocr else []
            self._elements[ocr] = el.merge(self.nodes(), lines, self.screen)
        return self._elements[ocr]

    def windows(self) -> list[dict]:
        if self.desktop is None:
            return []
        if self._windows is None:
            self._windows = self.desktop.windows()
        return self._windows

    def active_window(self) -> dict | None:
        return self.desktop.active_window() if self.desktop is not None else None

    def close(self) -> None:
        if self.a11y is not None:
            self.a11y.close()


@dataclass
class Decision:
    status: str  # "continue", "done", "fail" or "ask_user"
    text: str
    act: Act | None = None


def _goes_back(cmd: Command) -> bool:
    return cmd.kind == "key" and cmd.text == "alt+Left" and cmd.app == "browser"


class LocalAgent:
    """Runs the parsed commands' plans one action at a time."""

    def __init__(self, perception: Perception):
        self.p = perception
        self.summaries: list[str] = []
        self._plan = None
        self._started = False

    def start(self, instruction: str) -> Decision | None:
        """Parse; returns a final decision at once when the instruction cannot be done or needs the user."""
        parsed = understand(instruction, self._open_app())
        if parsed.infeasible:
            return Decision("fail", parsed.infeasible)
        if parsed.question:
            return Decision("ask_user", parsed.question)
        self._plan = self._run(parsed.commands)
        self._started = False
        return None

    def _open_app(self) -> str:
        """The catalog app of the active window ("" when none or another)."""
        active = self.p.active_window()
        wanted = (active or {}).get("class", "").lower()
        return next(
            (name for name, spec in CATALOG.items() if wanted and spec.window_class.lower() == wanted), ""
        )

    def _run(self, commands: list[Command]):
        if self.p.desktop is None and self.p.image is None:
            yield Act("computer", {"action": "screenshot"}, "Taking a screenshot to see the screen")
        # The pages this task showed, one entry per page it changed to: "... then back to where we started" is
        # the first; "... then go back (twice)" the task's own earlier page, however a plan reached the later
        # one (a page found through the home page leaves that page in the browser's history too)
        track = any(_goes_back(c) or c.kind == "goto" and c.op == "start" for c in commands)
        pages = [shown_address(self.p)] if track else []
        n = 0
        while n < len(commands):
            cmd = commands[n]
            if cmd.kind == "goto" and cmd.op == "start":
                cmd = replace(cmd, target=pages[0] or "/")
            backs = next(
                (k for k in range(len(commands) - n) if not _goes_back(commands[n + k])), len(commands) - n
            )
            if backs and len(pages) > backs and all(pages[-1 - backs :]):
                cmd = Command("goto", target=pages[-1 - backs], app="browser", clause=cmd.clause)
                del pages[-backs:]
                n += backs - 1
            summary = yield from PLANS[cmd.kind](self.p, cmd)
            self.summaries.append(summary)
            if track and cmd.app == "browser":
                yield wait(0.5, "Waiting for the page")
                shown = shown_address(self.p)
                if shown and shown != pages[-1]:
                    pages.append(shown)
            n += 1
        return "Done: " + "; ".join(self.summaries) + "."

    def step(self, result=None) -> Decision:
        self.p.invalidate()
        try:
            act = next(self._plan) if not self._started else self._plan.send(result)
            self._started = True
        except StopIteration as stop:
            return Decision("done", stop.value)
        except GiveUp as exc:
            done = f" Done so far: {'; '.join(self.summaries)}." if self.summaries else ""
            return Decision("fail", f"I could not finish: {exc}{done}")
        except NeedUser as exc:
            return Decision("ask_user", str(exc))
        return Decision("continue", act.note, act)

    def see_result_image(self, image: bytes | None) -> None:
        """Without a desktop, the tool results' screenshots are what the model sees."""
        if image and self.p.desktop is None:
            self.p.image = Image.open(io.BytesIO(image)).convert("RGB")
