"""The download cache against a loopback HTTP server: caching, retries, resume, offline, parallel tasks."""

import http.server
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from deskpilot.evals import downloads
from deskpilot.evals.downloads import FileCache
from deskpilot.evals.errors import NeedsNetwork

BODY = bytes(range(256)) * 400  # 100 KiB


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: dict[str, int] = {}
        self.ranges: list[str] = []
        self.fail_first = 0  # answer 503 this many times
        self.cut_first = False  # send half the body once, then close
        self.lock = threading.Lock()

    def url(self, path):
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.server
        with server.lock:
            server.hits[self.path] = server.hits.get(self.path, 0) + 1
            failing = server.fail_first > 0
            server.fail_first -= failing
            cut, server.cut_first = server.cut_first, False
        if self.path == "/missing.bin":
            self.send_error(404)
            return
        if failing:
            self.send_error(503)
            return
        start = 0
        if self.headers.get("Range"):
            server.ranges.append(self.headers["Range"])
            start = int(self.headers["Range"].split("=")[1].split("-")[0])
            self.send_response(206)
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(BODY) - start))
        self.end_headers()
        if cut:
            self.wfile.write(BODY[start : start + len(BODY) // 2])
            self.wfile.flush()
            self.connection.shutdown(2)
            return
        self.wfile.write(BODY[start:])


@pytest.fixture
def server():
    srv = Server()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(downloads.time, "sleep", lambda s: None)


def test_fetch_caches_by_url(server, tmp_path):
    cache = FileCache(tmp_path / "cache")
    path = cache.fetch(server.url("/data/file.xlsx"))
    assert path.read_bytes() == BODY
    assert path.name.endswith("-file.xlsx")
    assert cache.fetch(server.url("/data/file.xlsx")) == path
    assert server.hits["/data/file.xlsx"] == 1
    assert not list(path.parent.glob("*.part"))


def test_retries_then_succeeds_and_gives_up_on_404(server, tmp_path):
    cache = FileCache(tmp_path / "cache")
    server.fail_first = 2
    assert cache.fetch(server.url("/a.bin")).read_bytes() == BODY
    assert server.hits["/a.bin"] == 3
    with pytest.raises(NeedsNetwork, match="missing.bin") as info:
        cache.fetch(server.url("/missing.bin"))
    assert info.value.url.endswith("/missing.bin")
    assert server.hits["/missing.bin"] == 1  # a 404 is not retried
    assert not cache.has(server.url("/missing.bin"))


def test_resumes_a_cut_download(server, tmp_path):
    cache = FileCache(tmp_path / "cache")
    server.cut_first = True
    assert cache.fetch(server.url("/big.bin")).read_bytes() == BODY
    assert server.ranges == [f"bytes={len(BODY) // 2}-"]


def test_offline_uses_only_the_cache(server, tmp_path):
    online = FileCache(tmp_path / "cache")
    online.fetch(server.url("/have.bin"))
    offline = FileCache(tmp_path / "cache", offline=True)
    assert offline.fetch(server.url("/have.bin")).read_bytes() == BODY
    with pytest.raises(NeedsNetwork, match="--offline"):
        offline.fetch(server.url("/other.bin"))
    assert "/other.bin" not in server.hits


def test_parallel_tasks_download_once(server, tmp_path):
    caches = [FileCache(tmp_path / "cache") for _ in range(6)]
    with ThreadPoolExecutor(6) as pool:
        paths = list(pool.map(lambda c: c.fetch(server.url("/shared.bin")), caches))
    assert len(set(paths)) == 1
    assert paths[0].read_bytes() == BODY
    assert server.hits["/shared.bin"] == 1
