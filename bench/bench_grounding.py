"""Grounding accuracy, time per ground and peak memory of the `local` model's cascade on screenshot sets; JSON.

    .venv/bin/python bench/make_grounding_set.py                      # bench/out/grounding (built-on apps)
    .venv/bin/python bench/make_grounding_set.py --out bench/out/grounding-unseen --apps qalculate,abiword,ristretto
    .venv/bin/python bench/bench_grounding.py [DIR ...]

For each folder: accuracy per text/icon and per app (as `deskpilot ground --bench`, the same cascade as
`deskpilot run`), the median and 90th percentile seconds of one ground (OCR of a new screen included the
first time it is seen; the bench reads each screen once), and this process's peak RSS. The load average is
printed too: other work on the 2 shared cores slows every time.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from deskpilot.cli import ground as cli
from deskpilot.perception.ocr import OCR


def timed_bench(directory: Path, ocr: OCR) -> dict:
    times: list[float] = []
    locate = cli.locate

    def timed(image, instruction, o=None):
        start = time.perf_counter()
        found = locate(image, instruction, o)
        times.append(time.perf_counter() - start)
        return found

    cli.locate = timed
    try:
        result = cli.bench(directory, ocr)
    finally:
        cli.locate = locate
    result.pop("misses")
    times.sort()
    result["seconds_per_ground"] = {
        "median": round(statistics.median(times), 3),
        "p90": round(times[int(0.9 * (len(times) - 1))], 3),
    }
    return result


def main() -> None:
    folders = [Path(a) for a in sys.argv[1:]] or [
        Path("bench/out/grounding"),
        Path("bench/out/grounding-unseen"),
    ]
    ocr = OCR()
    out = {"load_average": os.getloadavg()}
    for folder in folders:
        out[str(folder)] = timed_bench(folder, ocr)
    out["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
