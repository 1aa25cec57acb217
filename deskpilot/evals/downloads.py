"""A content cache for OSWorld's fixture and gold files (`download` steps, `cloud_file` getters).

Files are kept under CACHE_DIR (default ~/.cache/deskpilot/osworld, or `--cache DIR`), named by the
SHA-256 of their URL plus the URL's file name. A download goes to a private ".part" file first and is
renamed into place, so parallel tasks never see half a file; a lock file per URL makes concurrent tasks
wait for one download instead of fetching twice. Interrupted downloads resume with an HTTP Range request;
failures are retried with backoff. Offline, only the cache is used and a missing file raises
NeedsNetwork naming the URL.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from deskpilot.evals.errors import NeedsNetwork

DEFAULT_CACHE = Path.home() / ".cache" / "deskpilot" / "osworld"
RETRIES = 3
TIMEOUT_S = 60.0
CHUNK = 1 << 16
USER_AGENT = "deskpilot-osworld/1"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback never goes via a proxy
_DEFAULT = urllib.request.build_opener()  # honours http(s)_proxy and no_proxy


@dataclass(frozen=True)
class FileCache:
    root: Path = DEFAULT_CACHE
    offline: bool = False

    def path_for(self, url: str) -> Path:
        digest = hashlib.sha256(url.encode()).hexdigest()[:32]
        name = Path(urllib.parse.unquote(urllib.parse.urlparse(url).path)).name or "file"
        return self.root / digest[:2] / f"{digest}-{name}"

    def has(self, url: str) -> bool:
        return self.path_for(url).is_file()

    def fetch(self, url: str) -> Path:
        """The cached copy of `url`, downloading it first when needed (and allowed)."""
        target = self.path_for(url)
        if target.is_file():
            return target
        if self.offline:
            raise NeedsNetwork(url, "not in the cache and --offline is set")
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target.with_name(target.name + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another task may be downloading the same file
            if not target.is_file():
                self._download(url, target)
        return target

    def _download(self, url: str, target: Path) -> None:
        part = target.with_name(target.name + ".part")  # kept between tries (and runs) for resuming
        error: Exception | None = None
        for attempt in range(RETRIES):
            try:
                _fetch_into(url, part)
                os.replace(part, target)
                return
            except urllib.error.HTTPError as exc:
                error = exc
                if 400 <= exc.code < 500 and exc.code not in (408, 429):
                    break  # the URL is wrong; retrying will not help
            except (OSError, TimeoutError) as exc:
                error = exc
            time.sleep(min(8.0, 0.5 * 2**attempt))
        raise NeedsNetwork(url, f"download failed after {attempt + 1} tries: {error}")


def _fetch_into(url: str, part: Path) -> None:
    """Append the rest of `url` to `part` (a Range request when part already holds a prefix)."""
    have = part.stat().st_size if part.exists() else 0
    headers = {"User-Agent": USER_AGENT}
    if have:
        headers["Range"] = f"bytes={have}-"
    request = urllib.request.Request(url, headers=headers)
    opener = _DIRECT if urllib.parse.urlparse(url).hostname in LOOPBACK else _DEFAULT
    try:
        response = opener.open(request, timeout=TIMEOUT_S)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # the part file is already complete
            return
        raise
    with response:
        resumed = have and response.status == 206
        total = response.headers.get("Content-Length")
        with open(part, "ab" if resumed else "wb") as out:
            while chunk := response.read(CHUNK):
                out.write(chunk)
    size = part.stat().st_size
    if total is not None and size != (have if resumed else 0) + int(total):
        raise OSError(f"short read: {size} bytes")
