"""A desktop: an Xvfb display, a window manager, a D-Bus session and apps, with its own HOME."""

from __future__ import annotations

import json
import os
import re
import secrets
import select
import shlex
import signal
import socket
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

import mss
import Xlib.threaded  # noqa: F401  real locks for Displays used from several threads (python-xlib issue #279)
from PIL import Image
from Xlib import X
from Xlib import display as xdisplay
from Xlib.error import XError
from Xlib.protocol import event as xevent

from deskpilot.desktop import processes
from deskpilot.desktop import sandbox as containment
from deskpilot.desktop.apps import find_app
from deskpilot.desktop.egress import PROXY_PORT, EgressProxy, allows_loopback
from deskpilot.desktop.sandbox import HomeSnapshots, Limits, Pod, Sandbox
from deskpilot.desktop.watcher import QUIET_MIN_S, Watcher, WindowChange
from deskpilot.desktop.xinput import XInput

FIRST_DISPLAY = 20
LAST_DISPLAY = 999
START_TIMEOUT_S = 10.0
FOCUS_TIMEOUT_S = 10.0
KEEP_ENV = ("PATH", "LANG", "LC_ALL", "TZ", "TERM")
_XAUTH_ENV_LOCK = threading.Lock()


def state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.expanduser("~/.local/state")
    path = Path(base) / "deskpilot" / "desktops"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def _xauthority(path: str):
    """X client libraries read XAUTHORITY at connect time; set it just for that moment."""
    with _XAUTH_ENV_LOCK:
        old = os.environ.get("XAUTHORITY")
        os.environ["XAUTHORITY"] = path
        try:
            yield
        finally:
            if old is None:
                os.environ.pop("XAUTHORITY", None)
            else:
                os.environ["XAUTHORITY"] = old


def _write_xauthority(path: Path, number: int, cookie: bytes) -> None:
    """An Xauthority file with a local-host entry (python-xlib) and a wildcard entry (libxcb, apps)."""

    def counted(data: bytes) -> bytes:
        return struct.pack(">H", len(data)) + data

    entries = [(256, socket.gethostname().encode()), (0xFFFF, b"")]
    blob = b"".join(
        struct.pack(">H", family)
        + counted(address)
        + counted(str(number).encode())
        + counted(b"MIT-MAGIC-COOKIE-1")
        + counted(cookie)
        for family, address in entries
    )
    path.write_bytes(blob)
    path.chmod(0o600)


class DesktopError(RuntimeError):
    pass


class Desktop:
    """An isolated X desktop. Use as a context manager: `with Desktop(size=(1280, 800), apps=["editor"]) as d:`.

    home: a folder to use as HOME (kept at teardown); by default a temporary one (removed).
    watch: run a Watcher (X damage and window events): event-driven settling and the window changes that
    `observe()` reports. Without it, or without the DAMAGE extension, settling diffs frames.
    pod: with sandbox=True, contain everything in a bubblewrap pod where possible; False keeps only the
    user drop (for evals, whose graders reach the desktop's apps over loopback).
    """

    def __init__(
        self,
        size: tuple[int, int] = (1280, 800),
        apps: Sequence[str] = (),
        home: str | os.PathLike | None = None,
        *,
        depth: int = 24,
        dpi: int = 96,
        settle_timeout: float = 3.0,
        settle_quiet: float = 0.15,
        extra_env: dict[str, str] | None = None,
        sandbox: bool = False,
        limits: Limits | None = None,
        network_allow: Sequence[str] = (),
        egress_log: str | os.PathLike | None = None,
        pod: bool = True,
        watch: bool = True,
    ):
        self.size = (int(size[0]), int(size[1]))
        self.apps = list(apps)
        self.depth = depth
        self.dpi = dpi
        self.settle_timeout = settle_timeout
        self.settle_quiet = settle_quiet
        self.extra_env = dict(extra_env or {})
        self.watch = watch
        self.watcher: Watcher | None = None
        # With sandbox=True, apps, D-Bus, the window manager and commands run as the unprivileged
        # `deskpilot` user with no_new_privs (when we are root), and HOME is handed over to that user.
        # Where bubblewrap and root are available, everything the model can cause to run (apps, D-Bus,
        # the window manager, commands, the bash tool) runs inside one pod (see sandbox.py): containment
        # is "pod". Elsewhere it falls back to the user drop alone ("user"), or to nothing ("none").
        self.sandbox = Sandbox.create() if sandbox else None
        self.unavailable = containment.available() if sandbox else "sandbox=False"
        if sandbox and not pod and not self.unavailable:
            self.unavailable = "pod=False"
        self.containment = "none" if not sandbox else "user" if self.unavailable else "pod"
        self.limits = limits or Limits()
        self.network_allow = list(network_allow)
        self.egress_log = Path(egress_log) if egress_log else None
        self.pod: Pod | None = None
        self._egress: EgressProxy | None = None
        self._browser_flags: list[str] = []
        self._snapshots: HomeSnapshots | None = None
        self._pod_pids: dict[int, int] = {}
        self._wm_config = ""
        self._snapshot_store: Path | None = None
        self.id = secrets.token_hex(4)
        self._given_home = Path(home).resolve() if home else None
        self.home: Path | None = None
        self.number: int | None = None
        self.pgid: int | None = None
        self.xauthority: str | None = None
        self.env: dict[str, str] = {}
        self.owner = True
        self._procs: list[subprocess.Popen] = []
        self._own_paths: list[str] = []
        self._sized_homes: list[tuple[str, str]] = []  # (given HOME, where its tmpfs is reached at the end)
        self._reaper: processes.Reaper | None = None
        self._x: xdisplay.Display | None = None
        self._input: XInput | None = None
        self._mss = None
        self._capture_lock = threading.Lock()
        self.started_at: float | None = None

    # Lifecycle
    def __enter__(self) -> Desktop:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def display_name(self) -> str:
        return f":{self.number}"

    def start(self) -> Desktop:
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def _start(self) -> None:
        # The reaper comes first and hears of each thing before it exists: a SIGKILL at any instant leaks
        # neither the temp folder, nor the X server and its socket, nor the state file.
        self._reaper = processes.Reaper(self.id)
        runtime = Path(tempfile.gettempdir()) / f"deskpilot-{self.id}-{secrets.token_hex(4)}"
        self._own(runtime)
        self._reaper.announce("path", self._state_file)
        runtime.mkdir(mode=0o700)
        if self._given_home:
            self.home = self._given_home
            self.home.mkdir(parents=True, exist_ok=True)
            if self.containment == "pod":  # sized too: its content is copied into a tmpfs over it
                outside = runtime / "home-sized"
                self._reaper.announce("home", f"{self.home}\0{outside}")
                self._sized_homes.append((str(self.home), str(outside)))
                containment.mount_sized_home(
                    self.home, self.limits.home_mb, self.sandbox.uid, self.sandbox.gid, outside
                )
        else:
            self.home = runtime / "home"
            if self.containment == "pod":  # a sized HOME: disk use is capped
                self.home.mkdir()
                containment.mount_tmpfs(self.home, self.limits.home_mb, self.sandbox.uid, self.sandbox.gid)
        self._prepare_home(runtime)
        self._start_xvfb(runtime)
        if self.sandbox:
            self.sandbox.hand_over(runtime, self.home)
        if self.containment == "pod":
            self._start_pod(runtime)
            # made now, while the reaper hears of them: the window manager's configuration, HOME snapshots
            self._wm_config = self._openbox_config()
            self._snapshot_store = self._new_own_dir(state_dir(), f"{self.id}-home-")
        self._write_state()
        self._spawn(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--address=unix:path={runtime}/bus"]
        )
        self._connect()
        if self.pod:
            # Outside the pod (inside it openbox at times left the first window unmanaged for 15 s and
            # more), as the sandbox user, with a configuration that cannot start programs.
            self._spawn(["openbox", "--sm-disable", "--config-file", self._wm_config], contained=False)
        else:
            self._spawn(["openbox", "--sm-disable"])
        self._wait_for(self._wm_running, "the window manager")
        self.started_at = time.time()
        for app in self.apps:
            self.launch(app)

    def _start_pod(self, runtime: Path) -> None:
        """The pod, its cgroup, and the egress proxy with its forwarder on the pod's loopback."""
        binds = [str(runtime)]
        if not str(self.home).startswith(str(runtime) + "/"):
            binds.append(str(self.home))
        self.pod = Pod(
            self.id,
            self.sandbox.uid,
            self.sandbox.gid,
            binds,
            f"/tmp/.X11-unix/X{self.number}",
            self.limits,
            self.env,
            process_group=self.pgid,
        )
        for folder in self.pod.cgroup.dirs:
            self._own(folder)
        log = self.egress_log or state_dir() / f"{self.id}-egress.jsonl"
        if not self.egress_log:
            self._own(log)
        self._egress = EgressProxy(runtime / "egress.sock", self.network_allow, log)
        proxy = f"http://127.0.0.1:{PROXY_PORT}"
        # An allowed loopback host is the owner's: the pod's own loopback is then reached through the proxy
        # too, and Chromium, which never proxies loopback by itself, is told to ("<-loopback>" subtracts its
        # implicit bypass rules: https://chromium.googlesource.com/chromium/src/+/HEAD/net/docs/proxy.md)
        direct = "" if allows_loopback(self.network_allow) else "localhost,127.0.0.1,::1"
        self.env.update({"http_proxy": proxy, "https_proxy": proxy, "HTTP_PROXY": proxy, "HTTPS_PROXY": proxy,
                         "no_proxy": direct, "NO_PROXY": direct})  # fmt: skip
        # `chromium` on the pod's PATH: whoever starts it (the model's bash, a plan, `launch`) gets the proxy
        self._browser_flags = [f"--proxy-server={proxy}"] + (
            [] if direct else ["--proxy-bypass-list=<-loopback>"]
        )
        wrappers = runtime / "bin"
        wrappers.mkdir(mode=0o755)
        for name in ("chromium", "chromium-browser"):
            wrapper = wrappers / name
            wrapper.write_text(f'#!/bin/sh\nexec /usr/bin/chromium {shlex.join(self._browser_flags)} "$@"\n')
            wrapper.chmod(0o755)
        self.env["PATH"] = f"{wrappers}:{self.env.get('PATH', os.defpath)}"
        forward = [
            f"TCP-LISTEN:{PROXY_PORT},bind=127.0.0.1,fork,reuseaddr",
            f"UNIX-CONNECT:{runtime}/egress.sock",
        ]
        self._spawn(["socat", *forward])
        self._wait_for(lambda: self.pod.listening(PROXY_PORT), "the sandbox's proxy forwarder")

    def _own(self, path: str | os.PathLike) -> None:
        """A path removed at teardown; the reaper hears of it first (it removes it if we are killed)."""
        if self._reaper is not None:
            self._reaper.announce("path", path)
        self._own_paths.append(str(path))

    def _new_own_dir(self, parent: Path, prefix: str) -> Path:
        """A new private folder that the reaper knows of before it exists."""
        path = parent / f"{prefix}{secrets.token_hex(4)}"
        self._own(path)
        path.mkdir(mode=0o700)
        return path

    def _prepare_home(self, runtime: Path) -> None:
        home = self.home
        xdg = {
            "XDG_CONFIG_HOME": home / ".config",
            "XDG_DATA_HOME": home / ".local/share",
            "XDG_CACHE_HOME": home / ".cache",
            "XDG_STATE_HOME": home / ".local/state",
            "XDG_RUNTIME_DIR": runtime / "xdg-runtime",
        }
        for path in xdg.values():
            path.mkdir(parents=True, exist_ok=True)
        xdg["XDG_RUNTIME_DIR"].chmod(0o700)
        gtk = xdg["XDG_CONFIG_HOME"] / "gtk-3.0"
        gtk.mkdir(exist_ok=True)
        settings = gtk / "settings.ini"
        if not settings.exists():
            settings.write_text("[Settings]\ngtk-cursor-blink = false\ngtk-enable-animations = false\n")
        self.xauthority = str(runtime / "Xauthority")
        self.env = {k: os.environ[k] for k in KEEP_ENV if k in os.environ}
        self.env.setdefault("LANG", "C.UTF-8")
        self.env.update({k: str(v) for k, v in xdg.items()})
        self.env.update(
            {
                "HOME": str(home),
                "USER": self.sandbox.user if self.sandbox else os.environ.get("USER", "root"),
                "XAUTHORITY": self.xauthority,
                "DBUS_SESSION_BUS_ADDRESS": f"unix:path={runtime}/bus",
                "GNOME_ACCESSIBILITY": "1",
                "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
                "NO_AT_BRIDGE": "0",
                "GTK_OVERLAY_SCROLLING": "0",
                processes.TAG: self.id,
                **self.extra_env,
            }
        )

    def _start_xvfb(self, runtime: Path) -> None:
        cookie = secrets.token_bytes(16)
        start = FIRST_DISPLAY + secrets.randbelow(200)
        for number in [*range(start, LAST_DISPLAY), *range(FIRST_DISPLAY, start)]:
            processes.remove_display_files(number)
            if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
                continue
            _write_xauthority(Path(self.xauthority), number, cookie)
            self._reaper.announce("display", number)
            read_fd, write_fd = os.pipe()
            w, h = self.size
            argv = [
                "Xvfb",
                f":{number}",
                "-screen",
                "0",
                f"{w}x{h}x{self.depth}",
                "-dpi",
                str(self.dpi),
                "-nolisten",
                "tcp",
                "-auth",
                self.xauthority,
                "-noreset",
                "-displayfd",
                str(write_fd),
            ]
            proc = subprocess.Popen(
                argv,
                pass_fds=(write_fd,),
                process_group=0,
                env={**self.env, "DISPLAY": ""},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=_death_signal(),
            )
            os.close(write_fd)
            ready = self._read_displayfd(read_fd, proc)
            os.close(read_fd)
            if ready:
                self._reaper.announce("pgid", proc.pid)
                self.number, self.pgid = number, proc.pid
                self._procs.append(proc)
                self.env["DISPLAY"] = self.display_name
                return
            proc.kill()
            proc.wait()
        raise DesktopError("no free X display number could be started")

    @staticmethod
    def _read_displayfd(fd: int, proc: subprocess.Popen) -> bool:
        deadline = time.monotonic() + processes.load_scaled(START_TIMEOUT_S)
        data = b""
        while time.monotonic() < deadline:
            readable, _, _ = select.select([fd], [], [], 0.05)
            if readable:
                chunk = os.read(fd, 64)
                data += chunk
                if b"\n" in data:
                    return True
                if not chunk:
                    return False
            if proc.poll() is not None:
                return False
        return False

    def _spawn(
        self,
        argv: Sequence[str],
        env: dict[str, str] | None = None,
        cwd: str | None = None,
        log: str | None = None,
        contained: bool = True,
    ) -> subprocess.Popen:
        out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
        cwd = cwd or str(self.home)
        contained = contained and self.pod is not None
        proc = subprocess.Popen(
            self.wrap(argv, cwd) if contained else list(argv),
            env={**self.env, **(env or {})},
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            process_group=self.pgid,
            preexec_fn=_death_signal() if contained else self._preexec(_death_signal()),
        )
        if log:
            out.close()
        self._procs.append(proc)
        return proc

    def _openbox_config(self) -> str:
        """Debian's openbox rc.xml without any action that runs a program (Execute, Restart, Exit) and
        with an empty root menu, in a root-owned folder the pod cannot see (so a reconfigure asked for by
        an X client cannot load another one)."""
        folder = self._new_own_dir(Path(tempfile.gettempdir()), f"deskpilot-{self.id}-wm-")
        folder.chmod(0o755)
        menu = folder / "menu.xml"
        menu.write_text('<openbox_menu><menu id="root-menu" label="Desktop"></menu></openbox_menu>\n')
        rc = Path("/etc/xdg/openbox/rc.xml").read_text()
        rc = re.sub(r'<action name="(Execute|Restart|Exit|SessionLogout)">.*?</action>|'
                    r'<action name="(Execute|Restart|Exit|SessionLogout)"\s*/>', "", rc, flags=re.S)  # fmt: skip
        rc = re.sub(r"<file>[^<]*</file>", f"<file>{menu}</file>", rc)
        config = folder / "rc.xml"
        config.write_text(rc)
        for path in (menu, config):
            path.chmod(0o644)
        return str(config)

    def _connect(self) -> None:
        with _xauthority(self.xauthority):
            self._x = xdisplay.Display(self.display_name)
            self._mss = mss.MSS(display=self.display_name)
            if self.watch:
                self.watcher = self._start_watcher()
        self._input = XInput(self._x)

    def _start_watcher(self) -> Watcher | None:
        watcher = Watcher(self.display_name, self.size)
        try:
            return watcher.start()
        except RuntimeError:  # no DAMAGE extension: settle by frame diff
            watcher.close()
            return None

    def _wm_running(self) -> bool:
        atom = self._x.intern_atom("_NET_SUPPORTING_WM_CHECK")
        return self._x.screen().root.get_full_property(atom, X.AnyPropertyType) is not None

    def _wait_for(self, predicate, what: str, timeout: float = START_TIMEOUT_S) -> None:
        timeout = processes.load_scaled(timeout)
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise DesktopError(f"timed out after {timeout:.0f} s waiting for {what}")
            time.sleep(0.01)

    @property
    def _state_file(self) -> Path:
        return state_dir() / f"{self.id}.json"

    def _write_state(self) -> None:
        info = {
            "id": self.id,
            "display": self.display_name,
            "number": self.number,
            "size": list(self.size),
            "home": str(self.home),
            "xauthority": self.xauthority,
            "pgid": self.pgid,
            "owner_pid": os.getpid(),
            "env": self.env,
            "started": time.time(),
        }
        tmp = self._state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(info, indent=1))
        tmp.replace(self._state_file)

    @classmethod
    def attach(cls, desktop_id: str) -> Desktop:
        """Connect to a running desktop started by another process (it stays owned by that process)."""
        path = state_dir() / f"{desktop_id}.json"
        if not path.exists():
            raise DesktopError(f"no running desktop {desktop_id!r}; see `deskpilot desktop list`")
        info = json.loads(path.read_text())
        desk = cls(size=tuple(info["size"]))
        desk.id, desk.number, desk.pgid = info["id"], info["number"], info["pgid"]
        desk.home, desk.xauthority, desk.env = Path(info["home"]), info["xauthority"], info["env"]
        desk.owner = False
        try:
            desk._connect()
        except Exception as exc:
            raise DesktopError(f"desktop {desktop_id} is not reachable: {exc}") from exc
        return desk

    def close(self) -> None:
        """Tear down: every process of the desktop, its display files and temporary folders. Safe to call
        from another thread while the desktop is in use (a screen grab in flight finishes first)."""
        if self.watcher is not None:
            self.watcher.close()
            self.watcher = None
        with self._capture_lock:
            for conn in (self._mss, self._x):
                try:
                    if conn is not None:
                        conn.close()
                except Exception:
                    pass
            self._mss = self._x = self._input = None
        if not self.owner:
            return
        if self.pod is not None:
            self.pod.close()
        if self._egress is not None:
            self._egress.close()
        if self.number is not None:
            processes.cleanup(self.id, self.pgid, self.number, self._own_paths, self._sized_homes)
        else:  # the X server never started
            processes.kill_desktop(self.id, None)
            for home, outside in self._sized_homes:
                processes.release_sized_home(home, outside)
            processes.cleanup_paths(self._own_paths)
        for proc in self._procs:
            try:
                proc.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                pass
        self._procs.clear()
        self._state_file.unlink(missing_ok=True)
        if self._reaper is not None:
            self._reaper.release()
            self._reaper = None
        self.number = None

    def health(self) -> dict:
        """Whether the X server, window manager and our connection work."""
        xvfb = bool(self.pgid) and processes.pid_alive(self.pgid)
        try:
            wm = self._wm_running()
            x_ok = True
        except Exception:
            wm = x_ok = False
        return {"ok": xvfb and x_ok and wm, "xvfb": xvfb, "x_connection": x_ok, "window_manager": wm}

    # Apps and commands
    def launch(
        self, app: str | Sequence[str], *, wait: bool = True, timeout: float = 30.0
    ) -> subprocess.Popen:
        """Start a catalog app by name (or an argv list) and wait for its first window."""
        if isinstance(app, str):
            spec = find_app(app)
            argv = list(spec.argv)
            if spec.name == "browser":
                argv.append(f"--user-data-dir={self.home}/.config/chromium-deskpilot")
                if self.pod:  # the pod's only way out is the egress proxy
                    argv += self._browser_flags
            env = spec.env
        else:
            argv, env = list(app), {}
        before = {w["id"] for w in self.windows()}
        proc = self._spawn(argv, env=env)
        if wait:
            self._wait_for(
                lambda: {w["id"] for w in self.windows()} - before or proc.poll() not in (None, 0),
                f"a window of {shlex.join(argv)}",
                timeout,
            )
            self._wait_for_focus({w["id"] for w in self.windows()} - before)
            self.wait_settled()
        return proc

    def _wait_for_focus(self, window_ids: set[int], timeout: float = FOCUS_TIMEOUT_S) -> None:
        """Wait until the keyboard focus is in one of these windows. A new window looks active at once, but
        its app takes the focus only when it gets to the window manager's request; keys typed before are lost."""
        deadline = time.monotonic() + timeout
        while window_ids and not window_ids & self._focus_chain() and time.monotonic() < deadline:
            time.sleep(0.01)

    def has_focus(self, window_id: int) -> bool:
        """Whether the keyboard focus is in this window (or one of its children)."""
        return window_id in self._focus_chain()

    def _focus_chain(self) -> set[int]:
        """Ids of the window holding the keyboard focus and of its ancestors."""
        window = self._x.get_input_focus().focus
        chain = set()
        try:
            while hasattr(window, "query_tree"):  # not None or PointerRoot
                chain.add(window.id)
                window = window.query_tree().parent
        except XError:  # the window went away
            pass
        return chain

    def run(self, command: str, timeout: float = 120.0, check: bool = False) -> subprocess.CompletedProcess:
        """Run a shell command inside the desktop's environment (HOME, DISPLAY, D-Bus)."""
        return subprocess.run(
            self.wrap(["bash", "-c", command], str(self.home)),
            env=self.env,
            cwd=str(self.home),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=check,
            process_group=self.pgid,
            preexec_fn=None if self.pod else self.preexec,
        )

    def wrap(self, argv: Sequence[str], cwd: str | None = None) -> list[str]:
        """The argv that runs `argv` inside the desktop's pod (unchanged without one). Use it, not
        `preexec`, for anything the model can cause to run: the bash tool, commands, apps."""
        return self.pod.wrap(list(argv), cwd or str(self.home)) if self.pod else list(argv)

    # Rollback of HOME
    def snapshot(self) -> int:
        """Copy HOME now (kept outside the pod's reach); returns the snapshot's number for `restore`."""
        if self._snapshots is None:
            store = self._snapshot_store
            if store is None:
                store = self._new_own_dir(state_dir(), f"{self.id}-home-")
            self._snapshots = HomeSnapshots(self.home, store)
        return self._snapshots.take()

    def restore(self, number: int = 0) -> None:
        """Put HOME back as it was at snapshot `number` (per-step undo; 0 is the first snapshot)."""
        if self._snapshots is None or not 0 <= number < len(self._snapshots.taken):
            raise DesktopError(f"no snapshot {number} of this desktop's HOME")
        self._snapshots.restore(number)

    @property
    def preexec(self):
        """preexec_fn that runs a child as the desktop's user (None without a sandbox)."""
        return self.sandbox.preexec if self.sandbox else None

    def _preexec(self, first):
        return self.sandbox.chain(first) if self.sandbox else first

    def windows(self) -> list[dict]:
        """Top-level windows the window manager manages: id, title, class, pid."""
        x = self._x
        root = x.screen().root
        clients = root.get_full_property(x.intern_atom("_NET_CLIENT_LIST"), X.AnyPropertyType)
        result = []
        for wid in clients.value if clients else []:
            win = x.create_resource_object("window", wid)
            try:
                name = win.get_full_property(x.intern_atom("_NET_WM_NAME"), x.intern_atom("UTF8_STRING"))
                title = name.value.decode("utf-8", "replace") if name else (win.get_wm_name() or "")
                wm_class = win.get_wm_class() or ("", "")
                pid = win.get_full_property(x.intern_atom("_NET_WM_PID"), X.AnyPropertyType)
            except Exception:
                continue
            result.append(
                {
                    "id": wid,
                    "title": title,
                    "class": wm_class[1],
                    "pid": self._host_pid(pid.value[0]) if pid else None,
                }
            )
        return result

    def _host_pid(self, pid: int) -> int | None:
        """A window's _NET_WM_PID is a pid in the pod's PID namespace; this is the same process on the host."""
        if self.pod is None:
            return pid
        if pid not in self._pod_pids:
            self._pod_pids = self.pod.host_pids()
        return self._pod_pids.get(pid)

    def active_window(self) -> dict | None:
        prop = self._x.screen().root.get_full_property(
            self._x.intern_atom("_NET_ACTIVE_WINDOW"), X.AnyPropertyType
        )
        active = prop.value[0] if prop and len(prop.value) else None
        return next((w for w in self.windows() if w["id"] == active), None)

    def activate(self, window_id: int) -> None:
        """Ask the window manager to raise and focus a window (EWMH _NET_ACTIVE_WINDOW)."""
        x = self._x
        root = x.screen().root
        win = x.create_resource_object("window", window_id)
        msg = xevent.ClientMessage(
            window=win,
            client_type=x.intern_atom("_NET_ACTIVE_WINDOW"),
            data=(32, [2, X.CurrentTime, 0, 0, 0]),
        )
        root.send_event(msg, event_mask=X.SubstructureRedirectMask | X.SubstructureNotifyMask)
        x.sync()
        self.wait_settled()

    # Capture and input
    @property
    def input(self) -> XInput:
        if self._input is None:
            raise DesktopError("the desktop is not running")
        return self._input

    def grab(self) -> bytes:
        """The raw BGRA frame of the whole screen (XShm)."""
        with self._capture_lock:
            if self._mss is None:
                raise DesktopError("the desktop is not running")
            shot = self._mss.grab(self._mss.monitors[0])
            return shot.raw

    def screenshot(self) -> Image.Image:
        """The full-resolution screen as an RGB image."""
        return Image.frombuffer("RGB", self.size, self.grab(), "raw", "BGRX", 0, 1)

    def wait_settled(
        self,
        timeout: float | None = None,
        quiet: float | None = None,
        since: float | None = None,
        quiet_min: float = QUIET_MIN_S,
        drawn_min: float | None = None,
    ) -> bool:
        """Wait until the screen stops changing after an action that ended at monotonic time `since` (default
        now), at most `timeout` seconds. With the watcher: until the focused app has read the input and its
        drawing has paused for its own redraw rhythm (X damage). Without: until frames stop differing for
        `quiet` seconds. quiet_min: the watcher's shortest quiet window; drawn_min: the shortest once the
        screen has changed since the action (default quiet_min; see Watcher.settle). Returns False if it was
        still changing at the timeout."""
        timeout = self.settle_timeout if timeout is None else timeout
        since = time.monotonic() if since is None else since
        if self.watcher is not None and quiet is None:
            opened_after = time.time() - (time.monotonic() - since)
            ping, app = self.input.pinger()
            settled = self.watcher.settle(
                since,
                timeout,
                ping,
                quiet_min=quiet_min,
                drawn_min=drawn_min,
                app=app,
            )
            window = self.watcher.new_active_window(opened_after)
            if window is not None and not self.has_focus(window):  # keys typed now would be lost
                self._wait_for_focus({window}, timeout)
                ping, app = self.input.pinger()
                again = self.watcher.settle(time.monotonic(), timeout, ping, app=app)
                settled = again and settled
            return settled
        quiet = self.settle_quiet if quiet is None else quiet
        start = last_change = time.monotonic()
        previous = self.grab()
        while True:
            time.sleep(0.02)
            now = time.monotonic()
            frame = self.grab()
            if frame != previous:
                previous, last_change = frame, now
            elif now - last_change >= quiet:
                return True
            if now - start >= timeout:
                return False

    def observe(self) -> tuple[list[WindowChange], int]:
        """Window changes since the last observation (see Watcher.observe); none without a watcher."""
        return self.watcher.observe() if self.watcher is not None else ([], 0)

    def cursor_position(self) -> tuple[int, int]:
        return self.input.pointer()


def _death_signal():
    """A parent-death signal for children of the main thread (worker threads may end before the desktop)."""
    return processes.die_with_parent if threading.current_thread() is threading.main_thread() else None


def running_desktops() -> list[dict]:
    """Desktops registered on this machine; entries whose owner and display are gone are pruned."""
    found = []
    for path in sorted(state_dir().glob("*.json")):
        try:
            info = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if processes.pid_alive(info["pgid"]) or processes.pid_alive(info["owner_pid"]):
            found.append(info)
        else:
            path.unlink(missing_ok=True)
    return found


def stop_desktop(desktop_id: str) -> bool:
    """Stop a desktop owned by another process: signal its owner, then tear down whatever is left."""
    path = state_dir() / f"{desktop_id}.json"
    if not path.exists():
        return False
    info = json.loads(path.read_text())
    if info["owner_pid"] != os.getpid() and processes.pid_alive(info["owner_pid"]):
        try:
            os.kill(info["owner_pid"], signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 3
    while processes.pid_alive(info["owner_pid"]) and time.monotonic() < deadline:
        time.sleep(0.02)
    processes.cleanup(info["id"], info["pgid"], info["number"], [])
    path.unlink(missing_ok=True)
    return True
