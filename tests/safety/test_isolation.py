"""Isolation: commands run as the unprivileged user, without sudo, secrets or network."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys

import pytest

from deskpilot.desktop.sandbox import SANDBOX_USER, Sandbox, ensure_user, scrub_env

needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="creating and switching to the sandbox user needs root"
)


def _run(sandbox: Sandbox, command: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command],
        preexec_fn=sandbox.preexec,
        env=env if env is not None else {"PATH": "/usr/bin:/bin"},
        cwd="/tmp",
        capture_output=True,
        text=True,
        timeout=20,
    )


def test_scrub_env_removes_secrets_by_name_and_value():
    env = {
        "PATH": "/usr/bin",
        "ANTHROPIC_API_KEY": "sk-ant-123",
        "OPENAI_ORG": "org-1",
        "GITHUB_TOKEN": "ghp_x",
        "AWS_REGION": "eu-west-1",
        "DB_PASSWORD": "pw",
        "MY_VAR": "contains sk-canary-42 inside",
        "LANG": "C.UTF-8",
    }
    assert scrub_env(env, secrets=["sk-canary-42"]) == {"PATH": "/usr/bin", "LANG": "C.UTF-8"}


@needs_root
def test_commands_run_as_the_unprivileged_user():
    entry = ensure_user()
    assert entry is not None and entry.pw_uid != 0 and entry.pw_name == SANDBOX_USER
    sandbox = Sandbox.create()
    assert (sandbox.uid, sandbox.gid) == (entry.pw_uid, entry.pw_gid)
    result = _run(sandbox, "id -u; id -G; grep -E '^(NoNewPrivs|CapEff)' /proc/self/status")
    uid, groups, *status = result.stdout.splitlines()
    assert uid == str(entry.pw_uid) and groups == str(entry.pw_gid)
    assert sorted(line.split() for line in status) == [["CapEff:", "0000000000000000"], ["NoNewPrivs:", "1"]]


@needs_root
def test_the_user_cannot_gain_root_or_read_root_files():
    sandbox = Sandbox.create()
    sudo = _run(sandbox, "sudo -n true")
    assert sudo.returncode != 0
    su = _run(sandbox, "su -c true root < /dev/null")
    assert su.returncode != 0
    assert _run(sandbox, "ls /root").returncode != 0
    assert _run(sandbox, "touch /etc/deskpilot-test").returncode != 0
    assert not os.path.exists("/etc/deskpilot-test")


@needs_root
def test_environment_inside_has_no_api_keys():
    sandbox = Sandbox.create()
    env = scrub_env({"PATH": "/usr/bin:/bin", "ANTHROPIC_API_KEY": "sk-ant-secret", "HOME": "/tmp"})
    seen = sorted(_run(sandbox, "env", env).stdout.split())
    assert seen == ["HOME=/tmp", "PATH=/usr/bin:/bin", "PWD=/tmp", "SHLVL=0", "_=/usr/bin/env"]


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0 or (
        subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0
    )


@pytest.mark.skipif(not _unshare_works(), reason="network namespaces are not available here")
def test_network_namespace_has_only_loopback():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    probe = (
        "import socket\n"
        "print(sorted(l.split(':')[0].strip() for l in open('/proc/net/dev').readlines()[2:]))\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {port}), timeout=2); print('reached host')\n"
        "except OSError: print('no route to host')\n"
        "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); c = socket.create_connection(s.getsockname())\n"
        "print('loopback ok')\n"
    )
    try:
        isolated = subprocess.run(
            [sys.executable, "-c", probe],
            preexec_fn=Sandbox.create(network=False).preexec,
            capture_output=True,
            text=True,
            timeout=20,
        )
    finally:
        server.close()
    assert isolated.stdout.splitlines() == ["['lo']", "no route to host", "loopback ok"], isolated.stderr


@needs_root
def test_argv_wrapper_drops_privileges():
    sandbox = Sandbox.create()
    argv = sandbox.wrap(["id", "-u"])
    assert argv[:2] == ["setpriv", "--no-new-privs"]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=20)
    assert result.stdout.strip() == str(sandbox.uid)


@needs_root
def test_hand_over_gives_the_user_its_desktop_files(tmp_path):
    sandbox = Sandbox.create()
    home = tmp_path / "home"
    (home / "docs").mkdir(parents=True)
    (home / "docs" / "a.txt").write_text("x")
    xauth = tmp_path / "Xauthority"
    xauth.write_text("cookie")
    sandbox.hand_over(home, xauth)
    owners = {os.stat(p).st_uid for p in (home, home / "docs", home / "docs" / "a.txt", xauth)}
    assert owners == {sandbox.uid}


@needs_root
def test_chain_runs_the_desktop_preexec_before_dropping_privileges(tmp_path):
    marker = tmp_path / "marker"
    sandbox = Sandbox.create()
    result = subprocess.run(
        ["id", "-u"],
        preexec_fn=sandbox.chain(lambda: marker.write_text(str(os.getuid()))),
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert marker.read_text() == "0"  # the first preexec ran while still root
    assert result.stdout.strip() == str(sandbox.uid)
