"""Speed and memory of the `local` model on real 1280x800 desktops; prints JSON.

    .venv/bin/python bench/bench_local.py

Per step: the model's own time for one turn (`provider.next_turn()`: perception, parsing, grounding,
planning; the loop's `latency_s`) and the whole step (model turn plus running the action and the
screen settling). Memory: the peak RSS of this process (the model runs in it) and of the AT-SPI worker.
Targets: median model step <= 1.5 s, peak RSS <= 1 GiB. The machine's load average is printed too, since
other work on the 2 shared cores slows every figure.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import time

from deskpilot.agent.config import RunConfig
from deskpilot.agent.loop import Agent
from deskpilot.core import events as ev
from deskpilot.desktop import Desktop
from deskpilot.providers import make_provider

TASKS = [
    ([], "open the calculator, then compute 12*34"),
    (["calculator"], "In the calculator, compute (3+5)*7, leaving the result on the display."),
    (["editor"], "type 'hello world' in the text editor and save it as notes.txt"),
    (["editor"], "type 'the quick brown fox' in the text editor, then select the word 'brown'"),
    (["editor"], "click File, then press Escape, then click the Search menu"),
    (["calculator"], "click the Purple Elephant button"),
]


def _hwm_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def components() -> dict:
    """Cold and warm costs of the expensive parts, on one 1280x800 screen with two apps open."""
    from deskpilot.perception import semantic
    from deskpilot.perception.ocr import OCR, engine

    out: dict = {}
    with Desktop(size=(1280, 800), apps=["calculator", "editor"]) as desk:
        image = desk.screenshot()
        t = time.perf_counter()
        engine()
        out["ocr_load_s"] = round(time.perf_counter() - t, 3)
        ocr = OCR()
        t = time.perf_counter()
        lines = ocr.read(image)
        out["ocr_full_screen_cold_s"] = round(time.perf_counter() - t, 3)
        t = time.perf_counter()
        ocr.read(image)
        out["ocr_full_screen_cached_s"] = round(time.perf_counter() - t, 3)
        out["ocr_lines"] = len(lines)
        out["rss_after_ocr_mib"] = round(_rss_mib(), 1)
    labels = [f"{ln.text} button" for ln in lines][:100]
    t = time.perf_counter()
    semantic.model()
    out["minilm_load_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    semantic.embed(labels)
    out[f"minilm_embed_{len(labels)}_labels_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    semantic.similarity("store the document", labels)
    out["minilm_query_s"] = round(time.perf_counter() - t, 3)
    out["rss_after_minilm_mib"] = round(_rss_mib(), 1)
    return out


def main() -> None:
    parts = components()
    model_steps: list[float] = []
    whole_steps: list[float] = []
    tasks = []
    worker_rss: list[float] = []
    for apps, instruction in TASKS:
        with Desktop(size=(1280, 800), apps=apps) as desk:
            provider = make_provider("local")
            marks: list[float] = []
            latencies: list[float] = []

            def on_event(event, marks=marks, latencies=latencies, provider=provider):
                if event.kind == ev.STEP_STARTED:
                    marks.append(time.perf_counter())
                elif event.kind == ev.MODEL_OUTPUT and isinstance(event.data.get("raw"), dict):
                    latencies.append(event.data["raw"]["latency_s"])
                    if provider.perception.a11y.pid:
                        worker_rss.append(_hwm_mib(provider.perception.a11y.pid))

            started = time.perf_counter()
            result = Agent(provider, desk, RunConfig(max_steps=40), on_event=on_event).run(instruction)
            marks.append(time.perf_counter())
            timings = dict(provider.perception.timings)
            provider.close()
        whole = [b - a for a, b in zip(marks, marks[1:], strict=False)]
        model_steps += latencies
        whole_steps += whole
        tasks.append(
            {
                "instruction": instruction,
                "status": result.status,
                "steps": result.steps,
                "seconds": round(time.perf_counter() - started, 2),
                "median_model_step_s": round(statistics.median(latencies), 3) if latencies else None,
                "perception_s": {k: round(v, 2) for k, v in timings.items()},
            }
        )
    print(
        json.dumps(
            {
                "screen": [1280, 800],
                "steps": len(model_steps),
                "median_model_step_s": round(statistics.median(model_steps), 3),
                "p90_model_step_s": round(sorted(model_steps)[int(0.9 * (len(model_steps) - 1))], 3),
                "median_whole_step_s": round(statistics.median(whole_steps), 3),
                "peak_rss_mib": round(_rss_mib(), 1),
                "a11y_worker_peak_rss_mib": round(max(worker_rss, default=0.0), 1),
                "components": parts,
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "tasks": tasks,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
