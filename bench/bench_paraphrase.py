"""The `local` model on the independent paraphrase set: each line is set up on a fresh real desktop, run
through the real agent loop, and its end state checked. Prints JSON: score per app and overall.

    PYTHONPATH=. .venv/bin/python bench/bench_paraphrase.py [--set tests/data/independent/paraphrase.jsonl]
        [--dev] [--app calculator] [--limit N] [--max-steps 40] [--details out.jsonl] [--kinds] [--policy]

--dev runs the project's own dev set (tests/data/paraphrase_dev.jsonl, written by the NLU's developers apart
from the training corpus and used to find failures) instead of the independent set.

A line: {"id", "app", "instruction", "setup", "expect"}. setup: files {path: content}, dirs [path], open
(calculator | editor | spreadsheet | browser), open_file (path), cells (the content of ~/book.xlsx), page
(a URL on the local site, http://127.0.0.1:8000/). expect: {"asks": true} (the model must ask one question
and do nothing else), or per app: calculator {display}; editor {file, content}; files {exists, absent,
content}; spreadsheet {file, cells} (values as shown); browser {url_contains, page_text_contains}. Text is
compared with the final newline normalised; numbers numerically. The set was written apart from the
model's training corpus and is never trained on.

--kinds adds, per app, how many lines missed in each way (asked when the task was clear, acted when it should
have asked, stopped, or ended in the wrong state, by what the check saw), without naming any line: the one
view of the independent set that tells where its misses lie. --policy runs each line under the default safety
policy with headless confirmation (every "confirm" denied), as `deskpilot run` does without a terminal.
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

from deskpilot.agent.config import RunConfig
from deskpilot.agent.loop import Agent
from deskpilot.desktop import Desktop
from deskpilot.desktop.apps import CATALOG
from deskpilot.perception.a11y import A11y
from deskpilot.providers import make_provider

ROOT = Path(__file__).resolve().parents[1]
SITE_PORT = 8000


def under_home(home: Path, path: str) -> Path:
    return home / re.sub(r"^(?:~/?|/home/user/?)", "", path)


def _items(value) -> list:
    """A dict {path: content} or a list of paths / {path, content} records as (path, content) pairs."""
    if isinstance(value, dict):
        return list(value.items())
    return [(v, None) if isinstance(v, str) else (v.get("path"), v.get("content")) for v in value or []]


def prepare_home(home: Path, setup: dict) -> None:
    for d, _ in _items(setup.get("dirs")):
        under_home(home, d).mkdir(parents=True, exist_ok=True)
    for f, content in _items(setup.get("files")):
        target = under_home(home, f)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content or "")
    if setup.get("cells") is not None:
        import openpyxl

        book = openpyxl.Workbook()
        cells = setup["cells"]
        pairs = cells.items() if isinstance(cells, dict) else [(c["cell"], c["value"]) for c in cells]
        for ref, value in pairs:
            book.active[ref] = value
        book.save(home / "book.xlsx")


def site_up(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def start_apps(desk: Desktop, home: Path, setup: dict) -> None:
    app = setup.get("open")
    if app == "calculator":
        desk.launch("calculator")
    elif app == "editor":
        desk.launch(
            ["mousepad", str(under_home(home, setup["open_file"]))] if setup.get("open_file") else "editor"
        )
    elif app == "spreadsheet":
        desk.launch([*CATALOG["spreadsheet"].argv, str(home / "book.xlsx")])
    elif app == "browser":
        url = setup.get("page") or f"http://127.0.0.1:{SITE_PORT}/"
        desk.launch([*CATALOG["browser"].argv, f"--user-data-dir={home}/.config/chromium-deskpilot", url])
        time.sleep(2)


def calculator_display(desk: Desktop) -> str:
    """galculator's own Copy (ctrl+c), read back with xclip: independent of the model's perception."""
    from deskpilot.desktop.keys import parse_sequence

    windows = [w for w in desk.windows() if w["class"] == "Galculator"]
    if not windows:
        return ""
    desk.activate(windows[0]["id"])
    for chord in parse_sequence("ctrl+c"):
        desk.input.press_chord(chord)
    time.sleep(0.3)
    return desk.run("xclip -o -selection clipboard", timeout=10).stdout.strip()


def same_text(a: str | None, b: str) -> bool:
    return a is not None and a.rstrip("\n") == b.rstrip("\n")


def same_value(got, want) -> bool:
    """Numbers numerically, else text; an empty cell (None) is the empty text."""
    got = "" if got is None else got
    try:
        return Decimal(str(got).replace(",", "")) == Decimal(str(want).replace(",", "")) or abs(
            float(got) - float(want)
        ) <= 1e-6 * max(1.0, abs(float(want)))
    except (InvalidOperation, ValueError, TypeError):
        return str(got).strip() == str(want).strip()


def _address(text: str) -> str:
    """An address as Chromium's omnibox shows it: no scheme, no "www.", localhost as 127.0.0.1."""
    text = re.sub(r"^[a-z]+://", "", text.strip().lower()).removeprefix("www.")
    return re.sub(r"^localhost(?=[:/]|$)", "127.0.0.1", text)


def same_address(want: str, shown: str) -> bool:
    """Whether the address bar shows the expected address part, however the line spells its scheme/host. A
    folder's index.html is the folder: "index.html" alone asks for a site's root, which the server answers
    with that file."""
    want, shown = _address(want), _address(shown)
    if want.rstrip("/") in shown:
        return True
    folder, index_shown = _folder(want), _folder(shown)
    if folder == want and index_shown == shown:
        return False
    if not folder:
        return re.fullmatch(r"[^/]+/?", index_shown) is not None
    return folder.rstrip("/") in index_shown


def _folder(address: str) -> str:
    return re.sub(r"(^|/)index\.html?(?=$|[?#])", r"\1", address)


def browser_state(desk: Desktop) -> tuple[str, str]:
    """(address bar text, page text) from Chromium's accessibility tree."""
    a11y = A11y(desk.env)
    try:
        nodes = a11y.snapshot() or []
    finally:
        a11y.close()
    url = next((n.text or n.name for n in nodes if n.role == "entry" and "address" in n.name.lower()), "")
    page = " ".join(n.name for n in nodes if n.app.lower().startswith("chromium") and n.name)
    return url, page


def check(desk: Desktop, home: Path, line: dict, result) -> tuple[bool, str]:
    expect = line["expect"]
    if expect.get("asks"):
        return result.status == "ask_user", f"status {result.status}"
    if result.status == "ask_user":
        return False, f"asked: {result.final_text[:120]}"
    app = line["app"]
    if app == "calculator":
        shown = calculator_display(desk)
        return same_value(shown, expect["display"]), f"display {shown!r}"
    if app == "editor":
        path = under_home(home, expect["file"])
        got = path.read_text() if path.is_file() else None
        return same_text(got, expect["content"]), f"file {got!r}"
    if app == "files":
        for p, _ in _items(expect.get("exists")):
            if not under_home(home, p).exists():
                return False, f"missing {p}"
        for p, _ in _items(expect.get("absent")):
            if under_home(home, p).exists():
                return False, f"still there: {p}"
        for p, content in _items(expect.get("content")):
            path = under_home(home, p)
            if not path.is_file() or not same_text(path.read_text(), content):
                return False, f"content of {p}: {path.read_text() if path.is_file() else None!r}"
        return True, ""
    if app == "spreadsheet":
        from deskpilot.evals.metrics.table import _value_at, load_book

        path = under_home(home, expect["file"])
        if not path.is_file():
            return False, "no book"
        rows = next(iter(load_book(path).values()), [])
        cells = expect["cells"]
        for ref, want in (
            cells.items() if isinstance(cells, dict) else [(c["cell"], c["value"]) for c in cells]
        ):
            got = _value_at(rows, ref)
            if not same_value(got, want):
                return False, f"{ref} = {got!r}, want {want!r}"
        return True, ""
    if app == "browser":
        url, page = browser_state(desk)
        if expect.get("url_contains") and not same_address(expect["url_contains"], url):
            return False, f"url {url!r}"
        if expect.get("page_text_contains") and expect["page_text_contains"] not in page:
            return False, "text not on the page"
        return True, ""
    return False, f"unknown app {app}"


def text_relation(got: str | None, want: str) -> str:
    """How a file's text differs from the expected, in words that name neither."""
    if got is None:
        return "no file"
    got, want = got.rstrip("\n"), want.rstrip("\n")
    if not got.strip():
        return "empty"
    if " ".join(got.split()) == " ".join(want.split()):
        return "spacing only"
    if got.lower() == want.lower():
        return "letter case only"
    if sorted(got.splitlines()) == sorted(want.splitlines()):
        return "line order"
    if want in got:
        return "extra text"
    if got in want:
        return "text missing"
    if len(got.splitlines()) == len(want.splitlines()):
        return "other words, same line count"
    return "other words and lines"


def miss_kind(line: dict, record: dict) -> str:
    """How a line missed, in words that name no line: asked, acted, stopped (with the first words of the
    model's reason, quoted parts left out), or the kind of wrong end state."""
    if "status" not in record:
        return "crashed"
    if line["expect"].get("asks"):
        return "acted when it should ask"
    if record["status"] == "ask_user":
        return "asked when clear"
    if record["status"] != "done":
        said = re.sub(r"'[^']*'|\"[^\"]*\"|\S*[/~]\S*|\w+\.\w\S*|\d\S*", "_", record.get("text") or "")
        said = re.sub(r"^I could not finish:\s*", "", said)
        return f"stopped ({record.get('reason') or record['status']}: {' '.join(said.split()[:6])})"
    app, why, expect = line["app"], record["why"], line["expect"]
    if app == "editor" and why.startswith("file "):
        return f"wrong end state (file: {text_relation(ast.literal_eval(why[5:]), expect['content'])})"
    if app == "files" and why.startswith("content of "):
        path, _, got = why[len("content of ") :].partition(": ")
        want = dict(_items(expect.get("content"))).get(path) or ""
        return f"wrong end state (file: {text_relation(ast.literal_eval(got), want)})"
    if app == "spreadsheet" and re.match(r"[A-Z]+\d+ = None", why):
        return "wrong end state (cell empty)"
    if app == "spreadsheet" and re.match(r"[A-Z]+\d+ =", why):
        return "wrong end state (cell holds another value)"
    if app == "calculator":
        return "wrong end state (display " + (
            "0)" if why in ("display '0'", "display ''") else "another value)"
        )
    if app == "browser" and why.startswith("url "):
        shown = ast.literal_eval(why[4:])
        home = re.fullmatch(r"[^/]*/?(?:index\.html?)?", re.sub(r"^[a-z]+://", "", shown))
        return "wrong end state (url: " + ("still the start page)" if home else "another page)")
    return f"wrong end state ({why.split(' ', 1)[0].rstrip(':')})"


def headless_guard():
    """The default policy as `deskpilot run` applies it with no terminal: every "confirm" is denied."""
    from deskpilot.safety.confirm import headless
    from deskpilot.safety.guard import Guard
    from deskpilot.safety.policy import Policy

    return Guard(Policy.load(None), confirmer=headless)


def run_line(line: dict, max_steps: int, policy: bool = False) -> dict:
    started = time.perf_counter()
    # Chromium may still write its profile while the desktop closes ("Directory not empty"): that line is
    # scored on its end state, not lost to the clean-up
    with tempfile.TemporaryDirectory(prefix="paraphrase-", ignore_cleanup_errors=True) as tmp:
        home = Path(tmp)
        prepare_home(home, line.get("setup", {}))
        with Desktop(size=(1280, 800), home=home) as desk:
            start_apps(desk, home, line.get("setup", {}))
            provider = make_provider("local")
            try:
                agent = Agent(
                    provider,
                    desk,
                    RunConfig(max_steps=max_steps, max_seconds=120),
                    guard=headless_guard() if policy else None,
                )
                result = agent.run(line["instruction"])
            finally:
                provider.close()
            ok, why = check(desk, home, line, result)
    return {"id": line["id"], "app": line["app"], "ok": ok, "why": why, "status": result.status, "reason": result.reason,
            "text": result.final_text[:200], "error": result.error, "steps": result.steps,
            "seconds": round(time.perf_counter() - started, 1)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", type=Path, default=ROOT / "tests/data/independent/paraphrase.jsonl")
    ap.add_argument("--dev", action="store_true", help="the dev set tests/data/paraphrase_dev.jsonl")
    ap.add_argument("--app", default="")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument(
        "--per-app", type=int, default=0, help="a seeded random sample of N lines per app (0: all)"
    )
    ap.add_argument("--max-steps", type=int, default=40)
    ap.add_argument("--details", type=Path, help="write one JSON line per instruction here")
    ap.add_argument("--kinds", action="store_true", help="count each app's misses by kind (names no line)")
    ap.add_argument(
        "--policy", action="store_true", help="run under the default policy, confirmations denied"
    )
    args = ap.parse_args()
    if args.dev:
        args.set = ROOT / "tests/data/paraphrase_dev.jsonl"
    lines = [json.loads(x) for x in args.set.open() if x.strip()]
    lines = [x for x in lines if not args.app or x["app"] == args.app][: args.limit or None]
    if args.per_app:
        rng = random.Random(13)
        lines = [x for app in sorted({y["app"] for y in lines}) for x in
                 rng.sample([y for y in lines if y["app"] == app], min(args.per_app, sum(y["app"] == app for y in lines)))]  # fmt: skip
    if not site_up(SITE_PORT):
        subprocess.run(
            [sys.executable, "-m", "deskpilot.evals.fixtures", "serve", str(SITE_PORT)], check=True
        )
    by_app: dict[str, list[bool]] = defaultdict(list)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    out = args.details.open("w") if args.details else None
    for line in lines:
        try:
            record = run_line(line, args.max_steps, args.policy)
        except Exception as exc:  # a broken line is a miss, never the end of the benchmark
            record = {
                "id": line["id"],
                "app": line["app"],
                "ok": False,
                "why": f"{type(exc).__name__}: {exc}",
            }
        by_app[line["app"]].append(record["ok"])
        if not record["ok"]:
            kinds[line["app"]][miss_kind(line, record)] += 1
        if out:
            out.write(json.dumps(record) + "\n")
            out.flush()
    every = [v for vs in by_app.values() for v in vs]
    per_app = {a: {"n": len(v), "score": round(sum(v) / len(v), 4)} for a, v in sorted(by_app.items())}
    if args.kinds:
        for app, counts in per_app.items():
            counts["misses"] = dict(kinds[app].most_common())
    print(json.dumps({"n": len(every), "score": round(sum(every) / max(1, len(every)), 4), "per_app": per_app,
                      "policy": "default, headless" if args.policy else "none"}, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
