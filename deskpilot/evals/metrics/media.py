"""Audio, video, OCR and code-test metrics.

Semantics follow OSWorld's metrics/vlc.py (compare_audios: MFCC + DTW, compare_videos: perceptual hashes of
the first frames), docs.py (compare_image_text) and vscode.py (check_python_file_by_test_suite) in
xlang-ai/OSWorld (read in the karakuri-ai/OSWorld-JP mirror). OSWorld uses librosa, fastdtw, OpenCV,
imagehash and easyocr; we decode with ffmpeg and compute the same features with numpy/scipy, so scores
are close to, not bit-equal with, OSWorld's. Our own code.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from deskpilot.evals.errors import Unsupported

SAMPLE_RATE = 22050  # librosa.load's default
N_FFT, HOP, N_MELS, N_MFCC = 2048, 512, 128, 20  # librosa.feature.mfcc's defaults
MAX_DTW_FRAMES = 4000  # longer clips are subsampled before the (quadratic) alignment


def _decode_audio(path) -> np.ndarray | None:
    proc = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "f32le", "-"],
        capture_output=True,
        timeout=300,
    )
    if proc.returncode != 0 or not proc.stdout:
        return None
    return np.frombuffer(proc.stdout, dtype=np.float32)


def _mel_filters() -> np.ndarray:
    """Slaney-style triangular mel filters, as librosa.filters.mel builds them by default."""

    def hz_to_mel(f):
        f = np.asarray(f, dtype=float)
        linear = f / (200.0 / 3)
        log = 15.0 + np.log(np.maximum(f, 1e-10) / 1000.0) / (np.log(6.4) / 27.0)
        return np.where(f >= 1000.0, log, linear)

    def mel_to_hz(m):
        m = np.asarray(m, dtype=float)
        linear = m * (200.0 / 3)
        log = 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0))
        return np.where(m >= 15.0, log, linear)

    freqs = np.linspace(0, SAMPLE_RATE / 2, N_FFT // 2 + 1)
    points = mel_to_hz(np.linspace(hz_to_mel(0), hz_to_mel(SAMPLE_RATE / 2), N_MELS + 2))
    filters = np.zeros((N_MELS, len(freqs)))
    for i in range(N_MELS):
        low, mid, high = points[i], points[i + 1], points[i + 2]
        up = (freqs - low) / (mid - low)
        down = (high - freqs) / (high - mid)
        filters[i] = np.maximum(0, np.minimum(up, down)) * 2.0 / (high - low)
    return filters


def mfcc(samples: np.ndarray) -> np.ndarray:
    """MFCCs (N_MFCC x frames): centred STFT with a Hann window, mel power in dB, orthonormal DCT-II."""
    from scipy.fft import dct

    padded = np.pad(samples, N_FFT // 2, mode="constant")
    frames = 1 + max(0, (len(padded) - N_FFT) // HOP)
    window = np.hanning(N_FFT + 1)[:-1]
    stack = np.stack([padded[i * HOP : i * HOP + N_FFT] * window for i in range(frames)])
    power = np.abs(np.fft.rfft(stack, axis=1)) ** 2
    mel = _mel_filters() @ power.T
    db = 10 * np.log10(np.maximum(mel, 1e-10))
    db = np.maximum(db, db.max() - 80.0)
    return dct(db, type=2, axis=0, norm="ortho")[:N_MFCC]


def _dtw_cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Total cosine distance along the best DTW alignment of two frame sequences (rows)."""
    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    cost = 1.0 - a @ b.T
    total = np.full((len(a) + 1, len(b) + 1), np.inf)
    total[0, 0] = 0.0
    for i in range(1, len(a) + 1):
        row, prev = total[i], total[i - 1]
        for j in range(1, len(b) + 1):
            row[j] = cost[i - 1, j - 1] + min(prev[j], row[j - 1], prev[j - 1])
    return float(total[-1, -1])


def compare_audios(result, expected) -> float:
    """1 / (1 + DTW distance) of the clips' row-normalised MFCC frames (cosine frame distance)."""
    if not result or not expected:
        return 0.0
    first, second = _decode_audio(result), _decode_audio(expected)
    if first is None or second is None or not len(first) or not len(second):
        return 0.0
    features = []
    for samples in (first, second):
        coefficients = mfcc(samples)
        coefficients = coefficients / np.maximum(np.abs(coefficients).max(axis=1, keepdims=True), 1e-12)
        frames = coefficients.T
        step = max(1, len(frames) // MAX_DTW_FRAMES)
        features.append(frames[::step])
    return 1.0 / (1.0 + max(0.0, _dtw_cosine(*features)))  # rounding can make a self-distance negative


def _phash(gray: np.ndarray) -> np.ndarray:
    """imagehash.phash: 32x32 grey, 2-D DCT, the top-left 8x8 block above its median."""
    from PIL import Image
    from scipy.fft import dct

    small = np.asarray(Image.fromarray(gray).resize((32, 32), Image.Resampling.LANCZOS), dtype=float)
    coefficients = dct(dct(small, axis=0, norm="ortho"), axis=1, norm="ortho")[:8, :8]
    return coefficients > np.median(coefficients)


def _frames(path, count: int) -> list[np.ndarray] | None:
    with tempfile.TemporaryDirectory(prefix="deskpilot-video-") as tmp:
        proc = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", str(path), "-frames:v", str(count), f"{tmp}/f%05d.png"],
            capture_output=True,
            timeout=300,
        )
        if proc.returncode != 0:
            return None
        from PIL import Image

        return [np.asarray(Image.open(p).convert("L")) for p in sorted(Path(tmp).glob("f*.png"))]


def compare_videos(result, expected, max_frames_to_check: int = 100, threshold: int = 5) -> float:
    """The first frames match by perceptual hash: a frame whose hashes differ in more than `threshold`
    bits is a mismatch, and more than `threshold` mismatches fail; both videos must have as many frames
    (up to max_frames_to_check)."""
    if not result or not expected:
        return 0.0
    first, second = _frames(result, max_frames_to_check), _frames(expected, max_frames_to_check)
    if first is None or second is None or len(first) != len(second):
        return 0.0
    mismatches = sum(
        int((_phash(a) != _phash(b)).sum()) > threshold for a, b in zip(first, second, strict=False)
    )
    return float(mismatches <= threshold)


def compare_image_text(result, rules: dict) -> float:
    """rules {"type": "text", "text": T}: T occurs in the image's OCR text (RapidOCR, which the local model
    uses too; OSWorld uses easyocr), words joined by single spaces."""
    if rules.get("type") != "text":
        raise Unsupported(f"compare_image_text type {rules.get('type')!r}")
    if not result or not Path(result).is_file():
        return 0.0
    from PIL import Image

    from deskpilot.perception.ocr import read_array

    lines = read_array(np.asarray(Image.open(result).convert("RGB")))
    text = " ".join(" ".join(line.text for line in lines).split())
    return float(rules["text"] in text)


def check_python_file_by_test_suite(result, expected, **options) -> float:
    """Run the test file (`expected`) in a fresh Python and call its `test_function_name` (default "test");
    a true return value scores 1. The result files are what the test itself reads."""
    name = options.get("test_function_name", "test")
    if not expected:
        return 0.0
    script = (
        f"import runpy, sys; scope = runpy.run_path(sys.argv[1]); sys.exit(0 if scope[{name!r}]() else 1)"
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-c", script, str(expected)],
            capture_output=True,
            timeout=600,
            cwd=str(Path(expected).parent),
        )
    except subprocess.TimeoutExpired:
        return 0.0
    return float(proc.returncode == 0)


METRICS = {
    f.__name__: f
    for f in (compare_audios, compare_videos, compare_image_text, check_python_file_by_test_suite)
}
