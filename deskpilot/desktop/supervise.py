"""Own one desktop until SIGTERM/SIGINT/SIGHUP: `python -m deskpilot.desktop.supervise --size WxH --app NAME`.

`deskpilot desktop up` starts this detached, so the desktop outlives the CLI. Once the desktop runs it
prints one JSON line (id, display, ...) and closes stdout; if it fails it prints the error to stderr and
exits 1. It also exits, cleaning up, when the X server dies.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time

from deskpilot.desktop import processes
from deskpilot.desktop.desktop import Desktop

POLL_S = 1.0


class _Stop(Exception):
    pass


def _stop(signum: int, frame: object) -> None:
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)  # a second signal must not interrupt the teardown
    raise _Stop


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"size must look like 1280x800, got {text!r}") from None
    if not (64 <= width <= 8192 and 64 <= height <= 8192):
        raise ValueError(f"size {width}x{height} is out of range (64..8192 per side)")
    return width, height


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deskpilot.desktop.supervise")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--app", action="append", default=[])
    parser.add_argument("--home")
    parser.add_argument("--sandbox", action="store_true", help="contain the apps (see Desktop's sandbox)")
    args = parser.parse_args(argv)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _stop)
    try:
        with Desktop(size=parse_size(args.size), apps=args.app, home=args.home, sandbox=args.sandbox) as desk:
            info = {
                "id": desk.id,
                "display": desk.display_name,
                "size": list(desk.size),
                "xauthority": desk.xauthority,
                "home": str(desk.home),
                "containment": desk.containment,
                "pid": os.getpid(),
            }
            print(json.dumps(info), flush=True)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            while processes.pid_alive(desk.pgid):
                time.sleep(POLL_S)
            print(f"desktop {desk.id}: the X server exited", file=sys.stderr)
            return 1
    except _Stop:
        return 0
    except Exception as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else f"{type(exc).__name__}: {exc}"
        print(message, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
