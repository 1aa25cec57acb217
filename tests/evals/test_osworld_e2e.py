"""A real OSWorld task end to end, its Hugging Face files served on loopback: download through the cache,
open in LibreOffice Calc, the agent's edit, the postconfig's Ctrl+S (no "keep format?" question), the
result copied and compared with the gold file by compare_table."""

import http.server
import json
import threading
from pathlib import Path

import openpyxl
import pytest

from deskpilot.evals.downloads import FileCache
from deskpilot.evals.episode import run_episode
from deskpilot.evals.tasks import Task

OSWORLD = next(
    (
        p / "shared/data/osworld"
        for p in Path(__file__).resolve().parents[3:5]
        if (p / "shared/data/osworld").is_dir()
    ),
    Path("../shared/data/osworld"),
)
TASK = OSWORLD / "examples/libreoffice_calc/01b269ae-2111-4a07-81fd-3fcd711993b0.json"
HF = "https://huggingface.co"


def sheet(path, a1):
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    for row in [[a1, "Level"], ["Ada", 3], ["Bob", None]]:
        book.active.append(row)
    book.save(path)


@pytest.mark.skipif(not TASK.is_file(), reason="../shared/data/osworld is not beside the checkout")
def test_calc_task_with_files_on_loopback(tmp_path):
    site = tmp_path / "site/datasets/xlangai/ubuntu_osworld_file_cache/resolve/main/libreoffice_calc"
    folder = site / "01b269ae-2111-4a07-81fd-3fcd711993b0"
    folder.mkdir(parents=True)
    sheet(folder / "Student_Level_Fill_Blank.xlsx", "Name")
    sheet(folder / "Student_Level_Fill_Blank_gold.xlsx", "Student")  # the "task": rename A1
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0),
        lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path / "site")),
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        raw = TASK.read_text().replace(HF, f"http://127.0.0.1:{server.server_port}")
        task = Task.from_dict(json.loads(raw), "libreoffice_calc", str(TASK))
        files = FileCache(tmp_path / "cache")
        untouched = run_episode(task, "noop", 5, 240, tmp_path / "noop", files)
        assert (untouched["status"], untouched["score"]) == ("ok", 0.0), untouched
        solved = Task.from_dict(
            {**task.raw, "solution": [{"action": "type", "text": "Student\n"}]}, task.domain, task.path
        )
        record = run_episode(solved, "oracle", 5, 240, tmp_path / "oracle", files)
        assert (record["status"], record["score"]) == ("ok", 1.0), record
        assert len(list((tmp_path / "cache").rglob("*.xlsx"))) == 2  # each file downloaded once
    finally:
        server.shutdown()
