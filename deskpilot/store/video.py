"""A run's video: the desktop recorded with ffmpeg (x11grab, VP9 in WebM) into the run folder.

ffmpeg's x11grab stamps each frame with the wall clock (libavdevice/xcbgrab.c uses av_gettime()) and prints
it as the input's "start:" value; that is the wall time of the video's first frame, written to video.json
as `started_at`, so video time t shows the desktop at wall time started_at + t and trajectory events (which
carry wall times) land on the video's timeline. VP9 in realtime mode at a few frames per second costs a few
percent of one core at 1280x800 and well under 1 MB a minute on desktop content (bench/bench_watch.py).

Redaction: a video cannot be redacted the way a screenshot is (OCR boxes blacked per image). The rule is the
safe one: if the run redacted anything from a screenshot, its video is deleted at the end of the run and
video.json says why. Retention: the video lives in the run folder, so `deskpilot gc` deletes it with the run.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

from deskpilot.store.recorder import write_durably

VIDEO_NAME = "video.webm"
VIDEO_INFO = "video.json"
FPS = 8
START_TIMEOUT_S = 10.0
FLOWING_FRAMES = 3
STOP_TIMEOUT_S = 15.0
_START = re.compile(r"start: (\d+\.\d+)")


def encoder_args(fps: int) -> list[str]:
    """VP9, realtime (fast) mode, constant quality; one thread so that it never takes more than one core.
    Options: https://trac.ffmpeg.org/wiki/Encode/VP9 and libvpx's vpxenc --rt settings."""
    return [
        *("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "0"),
        *("-b:v", "0", "-crf", "40", "-g", str(fps * 10), "-threads", "1", "-pix_fmt", "yuv420p"),
        *("-f", "webm"),
    ]


class VideoRecorder:
    """Records one X display to run_dir/video.webm. `start()`, then `stop()` (or `discard(reason)`)."""

    def __init__(
        self,
        run_dir: str | Path,
        display: str,
        env: dict[str, str],
        size: tuple[int, int],
        fps: int = FPS,
    ):
        self.run_dir = Path(run_dir)
        self.path = self.run_dir / VIDEO_NAME
        self.display, self.env, self.size, self.fps = display, env, size, fps
        self.started_at: float | None = None
        self._proc: subprocess.Popen | None = None
        self._log: list[str] = []
        self._flowing = threading.Event()
        self._reader: threading.Thread | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("ffmpeg") is not None

    def start(self) -> VideoRecorder:
        width, height = self.size
        argv = [
            "ffmpeg",
            *("-hide_banner", "-loglevel", "info", "-y"),
            *("-f", "x11grab", "-draw_mouse", "1", "-framerate", str(self.fps)),
            *("-use_wallclock_as_timestamps", "1"),  # each frame stamped when it is read: its real time
            *("-video_size", f"{width}x{height}", "-i", self.display),
            *("-fps_mode", "passthrough"),  # keep those times (no re-timing to a constant rate)
            *encoder_args(self.fps),
            str(self.path),
            *("-progress", "pipe:1", "-stats_period", "0.1"),  # "frame=N" lines on stdout
        ]
        self._proc = subprocess.Popen(
            argv,
            env=self.env,
            stdin=subprocess.PIPE,  # "q" on stdin ends it cleanly (the WebM gets its index)
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
        )
        self._reader = threading.Thread(target=self._read_log, args=(self._proc,), daemon=True)
        self._reader.start()
        threading.Thread(target=self._read_progress, args=(self._proc,), daemon=True).start()
        # Frames read while the encoder starts up are stamped late; the run begins once frames flow.
        if not self._flowing.wait(START_TIMEOUT_S) or self.started_at is None:
            self.stop()
            raise RuntimeError(f"ffmpeg did not start recording: {' '.join(self._log[-3:])}")
        self._write_info({"started_at": self.started_at})
        return self

    def _read_log(self, proc: subprocess.Popen) -> None:
        for line in proc.stderr:
            self._log = [*self._log[-20:], line.strip()]
            found = _START.search(line)
            if found and self.started_at is None:
                self.started_at = float(found.group(1))
        self._flowing.set()

    def _read_progress(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            if line.startswith("frame=") and int(line[6:].strip() or 0) >= FLOWING_FRAMES:
                self._flowing.set()
        self._flowing.set()

    def stop(self) -> Path | None:
        """Finish the file; returns its path, or None if nothing was recorded."""
        proc, self._proc = self._proc, None
        if proc is None:
            return self.path if self.path.exists() else None
        try:
            proc.stdin.write("q")
            proc.stdin.close()
        except (BrokenPipeError, ValueError):
            pass
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if self._reader is not None:
            self._reader.join(timeout=2)
        if not self.path.exists() or self.started_at is None:
            return None
        self._write_info({"started_at": self.started_at, "bytes": self.path.stat().st_size})
        return self.path

    def discard(self, reason: str) -> None:
        """Stop and delete the video (e.g. a secret was redacted from a screenshot of this run)."""
        self.stop()
        self.path.unlink(missing_ok=True)
        self._write_info({"started_at": self.started_at, "removed": reason})

    def _write_info(self, extra: dict) -> None:
        info = {"file": VIDEO_NAME, "fps": self.fps, "size": list(self.size), **extra}
        write_durably(self.run_dir / VIDEO_INFO, json.dumps(info, indent=1).encode())


def video_info(run_dir: str | Path) -> dict | None:
    """video.json of a run, with `path` set when the video file is there; None if the run has no video."""
    path = Path(run_dir) / VIDEO_INFO
    try:
        info = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    video = Path(run_dir) / str(info.get("file", VIDEO_NAME))
    info["path"] = str(video) if video.exists() and "removed" not in info else None
    return info
