"""Task screener: judges a user's instruction, and every follow-up message, for misuse before the agent acts.

Pipeline: normalise (NFKC, case-folded, invisible characters dropped, look-alike letters and digits inside
Latin words mapped back, numbers folded to 0) -> concepts from a multilingual lexicon (`task_lexicon.py`:
what a task does and to what) -> hashed features (concepts, concept pairs, words and word pairs, CJK
character n-grams) -> a multinomial logistic regression over "benign" and the categories below
(`data/screener_model.npz`, trained by scripts/train_screener.py on scripts/make_task_corpus.py's corpus).
A text is flagged when the probability that it is not benign reaches the model's threshold; its category
is the likeliest one, and the phrases that decided it are the features that pushed it there most.

What happens to a flagged task (allow, monitor, confirm, refuse) is policy: the [screener] table of the
policy file, read by `ScreenRules`. Numpy only; a few milliseconds per text on a CPU.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from deskpilot.safety.task_lexicon import CONCEPTS

CATEGORIES = (
    "election", "social_posting", "domain_registration", "government", "credential_theft", "spam", "fraud",
    "malware", "harassment",
)  # fmt: skip
BENIGN = "benign"
LABELS = (BENIGN, *CATEGORIES)
MODEL_PATH = Path(__file__).with_name("data") / "screener_model.npz"
DIM = 1 << 17
GRAM_WEIGHT = 0.5  # a character 4-gram's value against a word's or a concept's (before L2 normalisation)
MAX_CHARS = 4000  # a text as a whole is screened in its first MAX_CHARS characters
WINDOW_CHARS = 160  # longer texts are also screened in windows of whole sentences up to this size
WINDOW_THRESHOLD = 0.8  # the least score at which a window alone flags a text
_SENTENCE = re.compile(r"[^.!?。！？\n]*(?:[.!?。！？\n]+|$)")

ALLOW, MONITOR, CONFIRM, REFUSE = "allow", "monitor", "confirm", "refuse"
TASK_VERDICTS = (ALLOW, MONITOR, CONFIRM, REFUSE)  # in rising strictness
# A count in the hundreds or more of something ("500 emails", "10,000 times"): mass action. Coordinates
# ("200,150") and decimals are not counts.
_MANY = re.compile(r"(?<![\d,.])(?:\d{3,}|\d{1,3}(?:,\d{3})+)(?![\d,.])\s*[^\W\d_]")
# Lexicon concepts that name a misuse topic. Generic words (make, read, others, own, a number ...) are not
# evidence: a text flagged on them alone is monitored, never refused or held for confirmation.
TOPICAL = frozenset(
    {"POST", "SOCIAL", "DOMAIN", "TLD", "GOV", "ELECTION", "PARTY", "SECRET", "PHISH", "FAKE", "REVIEW", "MONEY",
     "MASS", "AD", "MALWARE", "HARASS", "SECTOOL", "DISABLE", "REGISTER"}
)  # fmt: skip
# Words of a misuse concept that everyday office work says as often ("double every price", "sort the list",
# "mets tous les titres en gras", "open the admin panel"): alone they are no evidence of misuse
GENERIC = frozenset(
    {"every", "everyone", "each one", "list", "alle", "tous les", "toutes les", "todos los", "todas las",
     "todos os", "admin panel"}
)  # fmt: skip
DEFAULT_VERDICTS = {
    "election": MONITOR, "social_posting": CONFIRM, "domain_registration": CONFIRM, "government": MONITOR,
    "credential_theft": REFUSE, "spam": REFUSE, "fraud": REFUSE, "malware": REFUSE, "harassment": REFUSE,
}  # fmt: skip
DEFAULT_SUBMIT = {"election": CONFIRM, "government": CONFIRM}

_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]"
)
_CJK_CHARS = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_CJK_RUN = re.compile(f"[{_CJK_CHARS}]+")
_WORD = re.compile(r"[^\W\d_]+|\d+")
_LOOKALIKES = str.maketrans("аеорсхуіјѕԁһԛԝαεικνορτυχ", "aeopcxyijsdhqwaeikvoptux")
_LEET = str.maketrans("013457@$", "oieastas")


def _unspoof(match: re.Match) -> str:
    """A Latin word with Cyrillic/Greek look-alikes or leetspeak digits, spelled plainly."""
    token = match.group(0)
    latin = re.findall(r"[a-z]", token)
    if latin and re.search(r"[\u0370-\u03ff\u0400-\u04ff]", token):
        token = token.translate(_LOOKALIKES)
    if len(latin) >= 2 and re.search(r"[013457@$]", token):
        token = token.translate(_LEET)
    return token


def normalise(text: str) -> str:
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text or "")).casefold()
    text = re.sub(r"[\w@$]+", _unspoof, text)
    text = re.sub(r"\d+(?:[.,]\d+)*", "0", text)
    return re.sub(r"\s+", " ", text).strip()


def _pattern(phrase: str) -> str:
    phrase = phrase.casefold()
    if _CJK.search(phrase):
        return re.escape(phrase)
    if phrase.endswith("*"):
        return rf"(?<!\w){re.escape(phrase[:-1])}\w*"
    start = r"(?<!\w)" if phrase[:1].isalnum() else ""
    return rf"{start}{re.escape(phrase)}(?!\w)"


_PATTERNS = {
    name: re.compile("|".join(sorted({_pattern(p) for p in phrases}, key=len, reverse=True)))
    for name, phrases in CONCEPTS.items()
}


def concepts(normalised: str) -> list[tuple[str, int, int]]:
    """(concept, start, end) for every lexicon match in normalised text, in order."""
    hits = [
        (name, m.start(), m.end())
        for name, pattern in _PATTERNS.items()
        for m in pattern.finditer(normalised)
    ]
    hits += [("NUM", m.start(), m.end()) for m in re.finditer(r"(?<!\w)0(?!\w)", normalised)]
    return sorted(hits, key=lambda hit: hit[1])


def grams(normalised: str, hits: list[tuple[str, int, int]]) -> dict[str, list[str]]:
    """Feature name -> the phrases of the text it stands for."""
    found: dict[str, list[str]] = {}
    for name, start, end in hits:
        found.setdefault(f"k:{name}", []).append(normalised[start:end])
    names = sorted({name for name, _, _ in hits})
    for a, b in itertools.combinations(names, 2):
        found[f"p:{a}+{b}"] = found[f"k:{a}"] + found[f"k:{b}"]
    spans = list(_WORD.finditer(normalised))
    words = [m.group(0) for m in spans]
    for word in words:
        if not _CJK.search(word):
            found.setdefault(f"w:{word}", [word])
    for a, b in zip(spans, spans[1:], strict=False):
        if not (_CJK.search(a.group(0)) or _CJK.search(b.group(0))):  # the phrase as the text spells it
            found.setdefault(f"b:{a.group(0)} {b.group(0)}", [normalised[a.start() : b.end()]])
    for word in set(words):  # character 4-grams of longer words: robust to typos and inflection
        if len(word) >= 5 and not _CJK.search(word) and not word.isdigit():
            padded = f" {word} "
            for i in range(len(padded) - 3):
                found.setdefault(f"g:{padded[i : i + 4]}", [word])
    for run in _CJK_RUN.findall(normalised):
        for n in (1, 2, 3):
            for i in range(len(run) - n + 1):
                found.setdefault(f"c:{run[i : i + n]}", [run[i : i + n]])
    return found


def features(text: str) -> tuple[np.ndarray, np.ndarray, dict[int, list[str]]]:
    """Hashed feature indices, L2-normalised values (1, or GRAM_WEIGHT for a character gram), and
    index -> phrases (for explanations)."""
    normalised = normalise(text)
    phrases: dict[int, list[str]] = {}
    weight: dict[int, float] = {}
    for name, parts in grams(normalised, concepts(normalised)).items():
        i = zlib.crc32(name.encode()) % DIM
        phrases.setdefault(i, []).extend(parts)
        weight[i] = max(weight.get(i, 0.0), GRAM_WEIGHT if name.startswith("g:") else 1.0)
    index = np.array(sorted(phrases), dtype=np.int64)
    values = np.array([weight[i] for i in sorted(phrases)], dtype=np.float32)
    return index, values / max(float(np.linalg.norm(values)), 1e-9), phrases


def _telling(phrase: str) -> bool:
    """Worth showing as a reason: not a bare number or a one- or two-letter word."""
    phrase = phrase.strip()
    return len(phrase) >= (2 if _CJK.search(phrase) else 3) and phrase != "0"


def sentence_windows(text: str, size: int = WINDOW_CHARS) -> list[str]:
    """Consecutive whole sentences, each window at most `size` characters (a longer sentence is cut)."""
    windows, current = [], ""
    for sentence in _SENTENCE.findall(text):
        while len(sentence) > size:
            windows.append(sentence[:size])
            sentence = sentence[size:]
        if current and len(current) + len(sentence) > size:
            windows.append(current)
            current = ""
        current += sentence
    if current.strip():
        windows.append(current)
    return [w for w in windows if w.strip()]


@dataclass
class SoftmaxModel:
    weights: np.ndarray  # (DIM, len(labels)) float32
    bias: np.ndarray  # (len(labels),)
    labels: tuple[str, ...]
    threshold: float  # flag when 1 - p(benign) >= threshold

    def probabilities(self, index: np.ndarray, values: np.ndarray) -> np.ndarray:
        z = values @ self.weights[index] + self.bias
        z = np.exp(z - z.max())
        return z / z.sum()

    def save(self, path: str | Path) -> None:
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            labels=np.array(self.labels),
            threshold=np.float32(self.threshold),
        )

    @classmethod
    def load(cls, path: str | Path) -> SoftmaxModel:
        with np.load(path) as data:
            return cls(
                data["weights"].astype(np.float32),
                data["bias"].astype(np.float32),
                tuple(str(label) for label in data["labels"]),
                float(data["threshold"]),
            )


@dataclass(frozen=True)
class Screening:
    """The screener's judgement of one text."""

    category: str | None  # the likeliest misuse category, or None when the text is not flagged
    score: float  # probability that the text is not benign
    phrases: list[str] = field(default_factory=list)  # the phrases that decided it
    likeliest: str = BENIGN  # the likeliest category even below the threshold (for reports)
    evidence: bool = True  # the text names a misuse topic of the lexicon (TOPICAL) or a mass count

    @property
    def flagged(self) -> bool:
        return self.category is not None

    def to_dict(self) -> dict:
        return {
            "category": self.category,
            "score": round(self.score, 4),
            "phrases": self.phrases,
            "likeliest": self.likeliest,
            "evidence": self.evidence,
        }


@cache
def _model(path: str) -> SoftmaxModel:
    return SoftmaxModel.load(path)


class Screener:
    """The trained model plus the explanation of its answers. `screen(text)` never raises on odd input."""

    def __init__(
        self,
        model_path: str | Path = MODEL_PATH,
        threshold: float | None = None,
        model: SoftmaxModel | None = None,
    ):
        self.model = model or _model(str(model_path))
        self.threshold = self.model.threshold if threshold is None else threshold

    def screen(self, text: str) -> Screening:
        """The text as a whole, and for a long one also each window of whole sentences, so that one bad
        request in a long text is not averaged away; the most suspicious answer counts."""
        text = text if isinstance(text, str) else str(text)
        screenings = [self._screen(text[:MAX_CHARS], self.threshold)]
        if len(text) > WINDOW_CHARS:
            # A window is judged without the rest of the text, so it needs a clearer score to count.
            window = max(self.threshold, WINDOW_THRESHOLD)
            screenings += [self._screen(piece, window) for piece in sentence_windows(text)]
        return max(screenings, key=lambda s: (s.flagged, s.score))

    def _screen(self, text: str, threshold: float) -> Screening:
        normalised = normalise(text)
        evidence = bool(_MANY.search(text)) or any(
            name in TOPICAL and normalised[start:end] not in GENERIC
            for name, start, end in concepts(normalised)
        )
        index, values, phrases = features(text)
        if not len(index):
            return Screening(None, 0.0)
        probabilities = self.model.probabilities(index, values)
        labels = self.model.labels
        benign = labels.index(BENIGN)
        best = max((i for i in range(len(labels)) if i != benign), key=lambda i: probabilities[i])
        score = float(1.0 - probabilities[benign])
        # The features that moved the text from benign towards its category most.
        push = values * (self.model.weights[index, best] - self.model.weights[index, benign])
        deciding: list[str] = []
        for i in np.argsort(-push)[:8]:
            if push[i] <= 0:
                break
            for phrase in phrases[int(index[i])]:
                if _telling(phrase) and phrase not in deciding:
                    deciding.append(phrase)
        category = labels[best] if score >= threshold else None
        return Screening(category, score, deciding[:5], labels[best], evidence)


@dataclass(frozen=True)
class TaskDecision:
    """What the policy does with one screened text."""

    source: str  # "instruction" or "message"
    screening: Screening
    verdict: str  # allow, monitor, confirm or refuse
    submit: str = ALLOW  # verdict for form submissions while this run is flagged
    with_instruction: bool = False  # a message judged together with the run's instruction

    @property
    def flagged(self) -> bool:
        return self.screening.flagged

    @property
    def reason(self) -> str:
        s = self.screening
        if not s.flagged:
            return "not flagged"
        phrases = ", ".join(repr(p) for p in s.phrases[:3])
        return f"{s.category.replace('_', ' ')} (score {s.score:.2f}; {phrases})"

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "verdict": self.verdict,
            "submit": self.submit,
            "with_instruction": self.with_instruction,
            **self.screening.to_dict(),
        }


class ScreenRules:
    """The policy file's [screener] table: a verdict per category, and which flagged categories make form
    submissions need confirmation for the rest of the run."""

    def __init__(self, config: dict | None = None):
        config = config or {}
        self.enabled = bool(config.get("enabled", True))
        self.threshold = config.get("threshold")
        if self.threshold is not None and not 0.0 < float(self.threshold) < 1.0:
            raise ValueError(f"screener.threshold must be between 0 and 1, got {self.threshold!r}")
        self.verdicts = {**DEFAULT_VERDICTS, **config.get("verdicts", {})}
        self.submit = {**DEFAULT_SUBMIT, **config.get("submit", {})}
        for table, values, allowed in (
            ("verdicts", self.verdicts, TASK_VERDICTS),
            ("submit", self.submit, (ALLOW, CONFIRM, REFUSE)),
        ):
            for category, verdict in values.items():
                if category not in CATEGORIES:
                    raise ValueError(f"screener.{table}: unknown category {category!r}; known: {CATEGORIES}")
                if verdict not in allowed:
                    raise ValueError(f"screener.{table}.{category} must be one of {allowed}, got {verdict!r}")

    def decide(self, screening: Screening, source: str = "instruction") -> TaskDecision:
        if not self.enabled or screening.category is None:
            return TaskDecision(source, screening, ALLOW)
        category = screening.category
        verdict = self.verdicts[category]
        if verdict in (CONFIRM, REFUSE) and not screening.evidence:
            verdict = MONITOR  # flagged on generic wording alone: run it, flag it, let a person review
        return TaskDecision(source, screening, verdict, self.submit.get(category, ALLOW))
