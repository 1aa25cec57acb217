"""The bubblewrap pod of a sandboxed desktop: namespaces, a read-only system, limits, egress, rollback."""

from __future__ import annotations

import glob
import http.server
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from deskpilot.desktop import Desktop
from deskpilot.desktop.processes import pid_alive, tagged_pids
from deskpilot.desktop.sandbox import SANDBOX_USER, Limits, available, ensure_user
from deskpilot.tools import BashTool
from deskpilot.tools.edit import EditTool

pytestmark = pytest.mark.skipif(available() is not None, reason=f"no containment here: {available()}")


@pytest.fixture(scope="module")
def desk():
    with Desktop(
        size=(800, 600), apps=["editor"], sandbox=True, limits=Limits(processes=128, home_mb=64)
    ) as d:
        yield d


def sh(desk: Desktop, command: str) -> str:
    result = desk.run(command, timeout=60)
    return result.stdout + result.stderr


def test_inside_the_pod_nothing_of_the_host_is_reachable(desk, tmp_path):
    assert desk.containment == "pod"
    (tmp_path / "host-file").write_text("x")
    out = sh(
        desk,
        f"id -un; grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; cut -d: -f1 /proc/net/dev | tail -n +3;"
        f" ls {tmp_path} /root /work 2>&1 | grep -c 'No such file'; touch /usr/x /etc/x 2>&1 | grep -c Read-only;"
        f" ps -e -o comm= | sort -u | tr '\\n' ' '",
    )
    lines = out.splitlines()
    assert lines[0] == SANDBOX_USER
    assert "CapEff:\t0000000000000000" in lines and "NoNewPrivs:\t1" in lines
    assert [line.strip() for line in lines[3:4]] == ["lo"]
    assert lines[4:6] == ["3", "2"]
    assert "mousepad" in lines[6] and "Xvfb" not in lines[6] and "pytest" not in lines[6]


def test_window_pids_are_host_pids_of_the_sandbox_user(desk):
    editor = next(w for w in desk.windows() if w["class"] == "Mousepad")
    status = Path(f"/proc/{editor['pid']}/status").read_text()
    assert "mousepad" in status.splitlines()[0]
    assert next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1] == str(
        desk.sandbox.uid
    )


def test_home_is_sized_and_processes_are_capped(desk):
    assert "No space left" in sh(
        desk, "fallocate -l 200M ~/big; dd if=/dev/zero of=~/fill bs=1M count=100; rm -f ~/big ~/fill"
    )
    assert "No space left" in sh(desk, "dd if=/dev/zero of=/tmp/fill bs=1M count=400; rm -f /tmp/fill")
    forks = (
        "import os, time\nkids = []\ntry:\n    while len(kids) < 300:\n        pid = os.fork()\n"
        "        if pid == 0:\n            os.closerange(0, 3)\n            time.sleep(30)\n            os._exit(0)\n"
        "        kids.append(pid)\nexcept OSError as e:\n    print(len(kids), e.errno)\n"
        "for pid in kids:\n    os.kill(pid, 9)\n"
    )
    started, errno = sh(desk, f"python3 -c {shlex.quote(forks)}").split()
    assert int(started) < 128 and errno == "11"  # EAGAIN: the cgroup refused forks beyond the cap
    limit = next(d for d in desk.pod.cgroup.dirs if "pids" in str(d)) / "pids.max"
    assert limit.read_text().strip() == "128"


def test_kill_everything_inside_ends_nothing_outside_and_the_pod_goes_on(desk):
    outside = subprocess.Popen(["setpriv", "--reuid", SANDBOX_USER, "--regid", SANDBOX_USER, "--clear-groups", "sleep", "60"])  # fmt: skip
    shell = BashTool(env=desk.env, cwd=str(desk.home), wrap=desk.wrap)
    try:
        assert "after" in shell({"command": "kill -9 -1; echo after"}).output
        assert pid_alive(outside.pid) and pid_alive(os.getpid())
        assert shell({"command": "echo still here"}).output.endswith("still here")
    finally:
        shell.close()
        outside.kill()
        outside.wait()
    desk.launch("terminal", timeout=120)  # the pod outlived the kill: apps start again (xterm needs no D-Bus)


def test_egress_goes_only_to_the_allowlist_through_the_logging_proxy(tmp_path):
    class Hello(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"hello from the host")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("0.0.0.0", 0), Hello)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()[0]
    port = server.server_address[1]
    log = tmp_path / "egress.jsonl"
    try:
        with Desktop(
            size=(640, 480), sandbox=True, network_allow=[f"{address}:{port}"], egress_log=log
        ) as desk:
            allowed = sh(desk, f"curl -s -m 10 http://{address}:{port}/")
            other = sh(desk, f"curl -s -m 10 -o /dev/null -w '%{{http_code}}' http://{address}:{port + 1}/")
            direct = sh(desk, f"curl -s -m 5 --noproxy '*' http://{address}:{port}/; echo rc=$?")
    finally:
        server.shutdown()
    assert allowed == "hello from the host"
    assert other == "403"
    assert "rc=7" in direct  # no route out but through the proxy
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(e["target"], e["allowed"]) for e in entries] == [
        (f"{address}:{port}", True),
        (f"{address}:{port + 1}", False),
    ]


def test_an_allowed_loopback_server_of_the_owner_is_reached_by_the_browser_and_by_commands(tmp_path):
    """`--allow-net 127.0.0.1:PORT` means the owner's server (a dev site, the eval fixtures): the pod has a
    loopback of its own, and Chromium never proxies loopback unless told to."""
    paths: list[str] = []

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            paths.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<title>Owner page</title><h1>served by the owner</h1>")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        with Desktop(
            size=(800, 600),
            sandbox=True,
            network_allow=[f"127.0.0.1:{port}"],
            egress_log=tmp_path / "e.jsonl",
        ) as desk:
            fetched = sh(desk, f"curl -s -m 10 http://127.0.0.1:{port}/by-curl")
            other = sh(desk, f"curl -s -m 10 -o /dev/null -w '%{{http_code}}' http://127.0.0.1:{port + 1}/")
            # started as the model would start it, by name from a shell in the pod
            desk.run(
                f"setsid -f chromium --user-data-dir=$HOME/c http://127.0.0.1:{port}/by-browser >/dev/null 2>&1",
                timeout=30,
            )
            deadline = time.time() + 60
            while time.time() < deadline and not any("Owner page" in w["title"] for w in desk.windows()):
                time.sleep(0.5)
            titles = [w["title"] for w in desk.windows()]
    finally:
        server.shutdown()
    assert "served by the owner" in fetched
    assert other == "403"
    assert "/by-browser" in paths and "/by-curl" in paths, (paths, titles)  # origin form, as servers expect
    assert any("Owner page" in t for t in titles), titles


def test_home_snapshots_roll_back_and_teardown_leaves_nothing(tmp_path):
    home = tmp_path / "home"
    (home / "docs").mkdir(parents=True)
    (home / "docs" / "a.txt").write_text("original")
    with Desktop(size=(640, 480), sandbox=True, home=home, limits=Limits(file_mb=8)) as desk:
        first = desk.snapshot()
        # one file may not grow beyond file_mb (writes and truncate)
        assert "rc=153" in sh(
            desk, "dd if=/dev/zero of=~/big bs=1M count=10 2>/dev/null; echo rc=$?"
        )  # SIGXFSZ
        sh(desk, "rm -rf ~/docs; echo evil >> ~/.bashrc; mkdir -p ~/new")
        assert not (home / "docs").exists()
        desk.restore(first)
        assert (home / "docs" / "a.txt").read_text() == "original"
        assert not (home / ".bashrc").exists() and not (home / "new").exists()
        desktop_id, runtime, cgroups = desk.id, Path(desk.xauthority).parent, list(desk.pod.cgroup.dirs)
    assert tagged_pids(desktop_id) == [] and not runtime.exists()
    assert not any(d.exists() for d in cgroups)
    assert str(runtime) not in Path("/proc/self/mountinfo").read_text()


def test_a_given_home_is_sized_and_its_changes_land_in_the_folder(tmp_path):
    home = tmp_path / "home"
    (home / "docs").mkdir(parents=True)
    (home / "docs" / "keep.txt").write_text("kept")
    (home / "docs" / "drop.txt").write_text("dropped")
    with Desktop(size=(640, 480), sandbox=True, home=home, limits=Limits(home_mb=16, file_mb=64)) as desk:
        assert desk.home == home.resolve()
        sh(desk, "echo new > ~/docs/new.txt; rm ~/docs/drop.txt")
        assert (home / "docs" / "new.txt").read_text() == "new\n"  # seen from outside during the run
        fill = sh(desk, "for i in 1 2 3; do head -c 8M /dev/zero > ~/fill$i; done; echo rc=$?; du -sm ~")
        assert "No space left on device" in fill  # the 16 MB HOME is full, the host disk is not touched
        sh(desk, "rm -f ~/fill*")
    assert str(home) not in Path("/proc/self/mountinfo").read_text()
    assert (home / "docs" / "keep.txt").read_text() == "kept"
    assert (home / "docs" / "new.txt").read_text() == "new\n" and not (home / "docs" / "drop.txt").exists()
    assert not list(home.glob("fill*"))


def test_a_given_home_too_big_for_its_size_is_refused(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "big").write_bytes(b"x" * (2 << 20))
    with pytest.raises(Exception, match="too much for the sandbox's sized HOME of 1 MB"):
        Desktop(size=(640, 480), sandbox=True, home=home, limits=Limits(home_mb=1)).start()
    assert (home / "big").stat().st_size == 2 << 20
    assert str(home) not in Path("/proc/self/mountinfo").read_text()


def test_the_editor_writes_with_the_sandbox_users_rights():
    entry = ensure_user()
    tmp_path = Path(tempfile.mkdtemp())  # traversable by the sandbox user, unlike pytest's tmp_path
    tmp_path.chmod(0o755)
    private = tmp_path / "private"
    private.mkdir(mode=0o700)  # root's
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chown(shared, entry.pw_uid, entry.pw_gid)
    editor = EditTool(user=(entry.pw_uid, entry.pw_gid))
    refused = editor({"command": "create", "path": str(private / "x.txt"), "file_text": "no"})
    assert refused.error and "Permission denied" in refused.error and not (private / "x.txt").exists()
    made = editor({"command": "create", "path": str(shared / "y.txt"), "file_text": "yes"})
    assert made.error is None and (shared / "y.txt").stat().st_uid == entry.pw_uid
    (private / "root-can.txt").write_text("ours")  # our own rights came back
    shutil.rmtree(tmp_path)


def test_a_sigkilled_owner_leaves_no_pod_cgroup_mount_or_folder():
    owner = (
        "import json, time\nfrom deskpilot.desktop.desktop import Desktop, state_dir\n"
        "d = Desktop(size=(640, 480), sandbox=True).start()\n"
        "print(json.dumps([d.id, str(d.home.parent), [str(c) for c in d.pod.cgroup.dirs], str(state_dir())]))\n"
        "time.sleep(120)\n"
    )
    proc = subprocess.Popen([sys.executable, "-u", "-c", owner], stdout=subprocess.PIPE, text=True)
    desktop_id, runtime, cgroups, state = json.loads(proc.stdout.readline())
    assert glob.glob(f"/tmp/deskpilot-{desktop_id}-wm-*") and glob.glob(f"{state}/{desktop_id}-*")
    proc.kill()
    proc.wait()
    proc.stdout.close()

    def leftovers() -> list:
        mounted = runtime in Path("/proc/self/mountinfo").read_text()
        return [
            *tagged_pids(desktop_id),
            *(p for p in [runtime, *cgroups] if os.path.exists(p)),
            *glob.glob(f"/tmp/deskpilot-{desktop_id}-*"),  # the window manager's configuration
            *glob.glob(f"{state}/{desktop_id}*"),  # state file, egress log, snapshot store
            *[mounted] * mounted,
        ]

    deadline = time.monotonic() + 60  # the reaper works at once; a loaded machine may take a while
    while leftovers() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert leftovers() == []


def test_a_sigkilled_owner_puts_a_given_home_back(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "old.txt").write_text("old")
    owner = (
        "import sys, time\nfrom deskpilot.desktop.desktop import Desktop\n"
        f"d = Desktop(size=(640, 480), sandbox=True, home={str(home)!r}).start()\n"
        "d.run('echo during > ~/new.txt; rm ~/old.txt', timeout=60)\n"
        "print(d.id)\n"
        "time.sleep(120)\n"
    )
    proc = subprocess.Popen([sys.executable, "-u", "-c", owner], stdout=subprocess.PIPE, text=True)
    desktop_id = proc.stdout.readline().strip()
    proc.kill()
    proc.wait()
    proc.stdout.close()

    def back() -> bool:
        return str(home) not in Path("/proc/self/mountinfo").read_text() and not tagged_pids(desktop_id)

    deadline = time.monotonic() + 60
    while not back() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert back()
    assert (home / "new.txt").read_text() == "during\n" and not (home / "old.txt").exists()


def test_a_proxied_request_reaches_the_origin_in_origin_form_one_per_connection():
    from deskpilot.desktop.egress import origin_form

    head = (
        b"GET http://127.0.0.1:8000/pricing.html?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"
        b"Proxy-Connection: keep-alive\r\nAccept: */*\r\n\r\n"
    )
    assert origin_form(head) == (
        b"GET /pricing.html?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAccept: */*\r\nConnection: close\r\n\r\n"
    )
    assert origin_form(b"GET http://example.com HTTP/1.0\r\n\r\n").startswith(
        b"GET / HTTP/1.0\r\nHost: example.com\r\n"
    )
