"""Process isolation for desktop apps and bash: an unprivileged user, a scrubbed environment and an
optional network namespace with only loopback.

As root, `ensure_user()` creates the `deskpilot` system user (no home, no login shell, no groups). A
`Sandbox` then gives a `preexec_fn` for subprocess (`sandbox.preexec`) and an argv wrapper
(`sandbox.wrap(argv)`, via setpriv/unshare) that drop to that user with no supplementary groups,
no capabilities and no_new_privs set (so setuid binaries such as sudo or su cannot raise privileges).
Without root, the same calls keep the current user, still set no_new_privs, and isolate the network
with an unprivileged user namespace where the kernel allows it.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import pwd
import re
import socket
import struct
import subprocess
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

SANDBOX_USER = "deskpilot"
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_NO_NEW_PRIVS = 38
_SIOCGIFFLAGS, _SIOCSIFFLAGS, _IFF_UP = 0x8913, 0x8914, 0x1
# Environment variable names that carry secrets (matched anywhere in the name).
_SECRET_NAME = re.compile(
    r"API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|ACCESS_KEY|PRIVATE_KEY|AUTH|COOKIE|SESSION_ID", re.I
)
_SECRET_PREFIXES = ("ANTHROPIC_", "OPENAI_", "AWS_", "AZURE_", "GOOGLE_APPLICATION", "GCP_", "HF_", "HUGGING")


def scrub_env(env: Mapping[str, str], secrets: Iterable[str] = ()) -> dict[str, str]:
    """A copy of `env` without variables that hold secrets: by name (*_API_KEY, *TOKEN*, AWS_* ...) and
    by value (any value containing one of `secrets`)."""
    values = [s for s in secrets if len(s) >= 6]
    return {
        k: v
        for k, v in env.items()
        if not (
            _SECRET_NAME.search(k) or k.upper().startswith(_SECRET_PREFIXES) or any(s in v for s in values)
        )
    }


def ensure_user(name: str = SANDBOX_USER) -> pwd.struct_passwd | None:
    """The sandbox user, created as a system user if missing and we are root; None if unavailable."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    if os.geteuid() != 0:
        return None
    subprocess.run(
        ["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
         "--shell", "/usr/sbin/nologin", name],
        check=True, capture_output=True,
    )  # fmt: skip
    return pwd.getpwnam(name)


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _loopback_up() -> None:
    """Bring `lo` up inside a fresh network namespace (it starts down)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(s.fileno(), _SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(s.fileno(), _SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | _IFF_UP))


@dataclass(frozen=True)
class Sandbox:
    """Who and how to run: `uid`/`gid` None keeps the current user; `network=False` isolates the network."""

    uid: int | None = None
    gid: int | None = None
    network: bool = True

    @classmethod
    def create(cls, network: bool = True, user: str = SANDBOX_USER) -> Sandbox:
        """The unprivileged sandbox user when we are root (created if needed), else the current user."""
        entry = ensure_user(user) if os.geteuid() == 0 else None
        return cls(entry.pw_uid if entry else None, entry.pw_gid if entry else None, network)

    @property
    def user(self) -> str:
        return pwd.getpwuid(self.uid if self.uid is not None else os.geteuid()).pw_name

    def preexec(self) -> None:
        """preexec_fn: isolate the network, drop groups, gid and uid, then forbid privilege gain."""
        libc = _libc()
        if not self.network:
            flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWNET | CLONE_NEWUSER
            if libc.unshare(flags) != 0:
                raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET) failed")
            _loopback_up()
        if self.uid is not None:
            os.setgroups([])
            os.setgid(self.gid)
            os.setuid(self.uid)
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")

    def chain(self, other: Callable[[], None] | None) -> Callable[[], None]:
        """A preexec_fn running `other` (e.g. the desktop's parent-death signal) and then this sandbox."""

        def run() -> None:
            if other is not None:
                other()
            self.preexec()

        return run

    def wrap(self, argv: list[str]) -> list[str]:
        """The same isolation as an argv prefix (for launchers that cannot take a preexec_fn). With
        network=False the namespace's loopback stays down."""
        prefix: list[str] = []
        if not self.network:
            prefix += (
                ["unshare", "--net"] if os.geteuid() == 0 else ["unshare", "--net", "--map-current-user"]
            )
            prefix += ["--"]
        privs = ["setpriv", "--no-new-privs"]
        if self.uid is not None:
            privs += ["--reuid", str(self.uid), "--regid", str(self.gid), "--clear-groups", "--inh-caps=-all"]
        return [*prefix, *privs, "--", *argv]

    def hand_over(self, *paths: str | os.PathLike) -> None:
        """Give the sandbox user the desktop's HOME, runtime folder and Xauthority (recursively)."""
        if self.uid is None:
            return
        for path in paths:
            os.lchown(path, self.uid, self.gid)
            for root, dirs, files in os.walk(path):
                for name in (os.path.join(root, n) for n in dirs + files):
                    os.lchown(name, self.uid, self.gid)
