"""Live icon grounding as `deskpilot run` does it: on real desktops, hovering and reading tooltips; JSON.

    .venv/bin/python bench/bench_grounding_live.py --apps easytag,geeqie,gitg [--details FILE]

Each app is started and brought through the same states as `bench/make_grounding_set.py` (its own code
does it: the bench only replaces the set's writer). At each state, for every icon target the set would
write (a target seen at the same box on an earlier screen of the app is measured once), the local model's
driver (`LocalAgent`, with `Perception` of the live desktop and the computer tool a run uses) runs the
click plan for the set's instruction, as `deskpilot run` does after the language step: the one grounding
cascade, then, for an icon found on the image, hovering over the likeliest ones and reading their tooltips
(`plans.common.confirm_by_tooltip`). The plan's moves and waits are carried out; its first click is not:
its point is scored against the target's box, then the pointer is moved aside.

Three figures per app:
  (a) `live`: the cascade as a run uses it (the accessibility tree names most targets);
  (b) `withheld`: the same with the target's accessible name, description and text withheld (those of
      every node inside its box), so only the image, OCR, the unnamed accessible box and the tooltip can
      find it. The set's ground truth comes from accessible names, so (b) is the honest icon figure;
  (c) `unnamed`: (b) with every icon-sized button's names withheld too, as in an app that names none of
      them: in (b) the target is the one unnamed control among named neighbours, which the hover step
      (it passes over controls the tree names) finds sooner than it would in such an app.
Also the median and 90th percentile seconds of one ground (hovers and waits included), this process's peak
RSS and the load average.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import make_grounding_set as sets  # noqa: E402

from deskpilot.local.agent import LocalAgent, Perception  # noqa: E402
from deskpilot.local.nlu.schema import Command  # noqa: E402
from deskpilot.tools.computer import ComputerTool  # noqa: E402

CLICKS = {"left_click", "right_click", "middle_click", "double_click", "triple_click"}
ONLY = ""  # --only: the targets whose instruction holds these words
PROGRESS: Path | None = None  # --progress: each target's row is appended here as it is done (JSON lines)
MAX_ACTS = 80  # a plan that neither clicks nor ends in this many actions is a miss


class Withheld(Perception):
    """Perception with the accessible names of the nodes inside one box withheld; with `every_button`, also
    those of every icon-sized button (at most ICON_BUTTON px a side) and the nodes inside them."""

    hidden: tuple[int, int, int, int] | None = None
    every_button = False

    def nodes(self):
        nodes = super().nodes()
        if self.hidden is None:
            return nodes
        boxes = [self.hidden]
        if self.every_button:
            boxes += [n.box for n in nodes if n.role.endswith("button")
                      and max(n.box[2] - n.box[0], n.box[3] - n.box[1]) <= ICON_BUTTON]  # fmt: skip
        return [dataclasses.replace(n, name="", description="", text="")
                if any(_within(n.box, b) for b in boxes) else n for n in nodes]  # fmt: skip


ICON_BUTTON = 72
LABELS = ("live", "withheld", "unnamed")


def _within(inner, outer) -> bool:
    cx, cy = (inner[0] + inner[2]) / 2, (inner[1] + inner[3]) / 2
    area = (inner[2] - inner[0]) * (inner[3] - inner[1])
    outer_area = (outer[2] - outer[0]) * (outer[3] - outer[1])
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3] and area <= outer_area


def click_point(desk, tool: ComputerTool, perception: Perception, instruction: str):
    """The point the click plan would click first (None when it gives up, asks, or clicks nothing), the
    note of that click, and the plan's notes before it."""
    agent = LocalAgent(perception)
    agent._plan = agent._run([Command("click", target=instruction)])  # the run's driver, language step aside
    agent._started = False
    result, notes = None, []
    for _ in range(MAX_ACTS):
        decision = agent.step(result)
        if decision.act is None:
            return None, decision.text, notes
        params = decision.act.input
        if decision.act.tool == "computer" and params.get("action") in CLICKS:
            return tuple(params["coordinate"]), decision.act.note, notes
        notes.append(decision.act.note)
        result = tool(params)  # screen pixels are the image's here (1280x800 is not scaled)
    return None, "too many actions", notes


class LiveWriter(sets.Writer):
    """The set's writer, grounding each icon target live instead of writing it."""

    desk = None
    runs: list[dict] = []

    def __init__(self, out: Path, app: str):
        super().__init__(out, app)
        self.seen: set[tuple[str, tuple]] = set()
        self.tool = self.plain = self.withheld = self.unnamed = None

    def screen(self, image) -> str:
        self.shots += 1
        return f"{self.app}_{self.shots - 1:02d}"

    def add(self, image_name: str, box, instruction: str, data_type: str) -> None:
        key = (instruction.lower(), tuple(box))
        if data_type != "icon" or key in self.seen or self.desk is None or ONLY not in instruction.lower():
            return
        self.seen.add(key)
        desk = self.desk
        if self.tool is None or self.tool.desktop is not desk:
            self.tool = ComputerTool(desk, "computer_20251124")
            self.plain = Perception(desk, ("computer",))
            self.withheld = Withheld(desk, ("computer",))
            self.unnamed = Withheld(desk, ("computer",))
            self.unnamed.every_button = True
        row = {"app": self.app, "screen": image_name, "instruction": instruction, "bbox": list(box)}
        for label, perception in zip(LABELS, (self.plain, self.withheld, self.unnamed), strict=True):
            if isinstance(perception, Withheld):
                perception.hidden = tuple(box)
            started = time.perf_counter()
            point, note, notes = click_point(desk, self.tool, perception, instruction)
            seconds = time.perf_counter() - started
            hit = point is not None and box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]
            row[label] = {"hit": hit, "point": point, "seconds": round(seconds, 3), "note": note,
                          "hovers": sum("to read its tooltip" in n for n in notes), "notes": notes}  # fmt: skip
            desk.input.move(sets.SIZE[0] - 1, sets.SIZE[1] - 1)  # away, as the set's screenshot was taken
            desk.wait_settled()
        LiveWriter.runs.append(row)
        if PROGRESS is not None:  # a long run cut short still tells what it measured
            with PROGRESS.open("a") as f:
                f.write(json.dumps(row) + "\n")

    def save(self) -> int:
        for perception in (self.plain, self.withheld, self.unnamed):
            if perception is not None:
                perception.close()
        return sum(r["app"] == self.app for r in LiveWriter.runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", default="easytag,geeqie,gitg")
    parser.add_argument("--details", help="write every target's points and notes here (JSON)")
    parser.add_argument("--only", default="", help="only the targets whose instruction holds these words")
    parser.add_argument(
        "--progress", help="append each target's row here as soon as it is measured (JSON lines)"
    )
    parser.add_argument(
        "--summarise", help="print the figures of a --progress file (of a run cut short) and stop"
    )
    args = parser.parse_args()
    global ONLY, PROGRESS
    ONLY = args.only.lower()
    PROGRESS = Path(args.progress) if args.progress else None
    if args.summarise:
        rows = [json.loads(line) for line in Path(args.summarise).read_text().splitlines() if line.strip()]
        print(json.dumps(summary(rows, [os.getloadavg()]), indent=1))
        return
    capture = sets.capture_a11y

    def live_capture(desk, writer, app_name, a11y) -> None:
        writer.desk = desk
        capture(desk, writer, app_name, a11y)

    sets.capture_a11y, sets.Writer = live_capture, LiveWriter
    load = [os.getloadavg()]
    for app in args.apps.split(","):
        sets.APPS[app](Path("/nonexistent"))
        load.append(os.getloadavg())
    runs = LiveWriter.runs
    out = summary(runs, load)
    if args.details:
        Path(args.details).write_text(json.dumps(runs, indent=1))
    print(json.dumps(out, indent=1))


def summary(runs: list[dict], load: list) -> dict:
    """Per app and over all: the share of icon targets hit under each figure, how many were hovered, the
    seconds per ground, peak RSS and the highest load average seen."""
    out: dict = {"load_average": [round(x, 2) for x in max(load)], "by_app": {}}
    cells: dict[str, list[dict]] = defaultdict(list)
    for r in runs:
        cells[r["app"]].append(r)
    for app, rows in [*sorted(cells.items()), ("all", runs)]:
        if not rows:
            continue
        out["by_app"][app] = {
            "icons": len(rows),
            **{label: round(sum(r[label]["hit"] for r in rows) / len(rows), 3) for label in LABELS},
            **{f"{label}_hovered": sum(r[label]["hovers"] > 0 for r in rows) for label in LABELS[1:]},
        }
    out["seconds_per_ground"] = {}
    for label in LABELS:
        times = sorted(r[label]["seconds"] for r in runs)
        if times:
            out["seconds_per_ground"][label] = {"median": round(statistics.median(times), 3),
                                                "p90": round(times[int(0.9 * (len(times) - 1))], 3)}  # fmt: skip
    out["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


if __name__ == "__main__":
    main()
