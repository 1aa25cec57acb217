"""Waiting on conditions, with timeouts that grow with the machine's load (no fixed sleeps in tests)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable


def scaled(seconds: float) -> float:
    """`seconds` on an idle machine, longer in proportion to the load per CPU when it is busy."""
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    return seconds * max(1.0, load)


def wait_until(predicate: Callable[[], object], timeout: float, what: str = "the condition") -> object:
    """Poll `predicate` until it returns something true; fail after the load-scaled `timeout`."""
    deadline = time.monotonic() + scaled(timeout)
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {scaled(timeout):.1f} s waiting for {what}")
        time.sleep(0.005)
