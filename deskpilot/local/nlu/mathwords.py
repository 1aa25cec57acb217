"""Arithmetic said in words -> an expression the calculator can key in ("15 percent of 200" -> "15/100*200").

Runs after text.prepare, so numbers are digits already. Handles operator words (plus, times, over...),
verb forms (add 5 to 7, subtract 7 from 20, divide 100 by 4), "the sum/product/difference/average of",
percentages, squares, cubes, powers and square roots (kept as sqrt(...) for the calculator's root key).
Returns "" when the text holds no arithmetic.
"""

from __future__ import annotations

import re

N = r"-?\d+(?:\.\d+)?"
LIST = rf"({N}(?:\s*(?:,|and|,\s*and|plus)\s*{N})+)"
FILLER = re.compile(
    r"\b(?:the|result|answer|value|of|what's|whats|what|is|how|much|please|me|for|us|calculate|compute|"
    r"work|out|figure|evaluate|find|get|do|solve|tell|equal|equals|give|number|on|in|with|using|calculator|"
    r"galculator|calc|app|quickly|exactly|amount|total|it|that|this|gives|makes|by|to|from|quantity|"
    r"math|sum|display|screen|up|leave|leaving|left|showing|shown|keep|keeping|so|show|result|answer|"
    r"there|now|and|then|please|raise|need|like|know|want|i'd|i|quick|one|many)\b",
    re.I,
)


def _items(text: str) -> list[str]:
    return re.findall(N, text)


def to_expression(text: str, loose: bool = False) -> str:
    """The expression in `text`; with `loose`, words that are not arithmetic are dropped wherever they
    stand ("reckon up 2500 divided by 50"), for a clause already known to be a computation."""
    e = " " + text.lower().strip().strip(".?!") + " "
    e = re.sub(r"(\d)\s*%", r"\1 percent", e)
    e = re.sub(r"[$€£]\s*(?=\d)", "", e)  # "$62"
    e = re.sub(rf"(?:^|(?<=\s))(?:negative|minus)\s+({N})", r" (0-\1)", e, count=1) if re.match(
        r"^\W*(?:[a-z']+\W+){0,3}?(?:negative|minus)\s+\d", e) else e  # fmt: skip
    e = re.sub(r"\s[-\u2013\u2014]+\s+(?=[a-z])", " ", e)  # a dash between words is punctuation
    # whole-phrase forms first
    rules = [
        (rf"\b(?:sum|total)\s+of\s+{LIST}", lambda m: "(" + "+".join(_items(m.group(1))) + ")"),
        (rf"\badd\s+(?:up\s+)?{LIST}(?!\s*(?:to|from))", lambda m: "(" + "+".join(_items(m.group(1))) + ")"),
        (rf"\bproduct\s+of\s+{LIST}", lambda m: "(" + "*".join(_items(m.group(1))) + ")"),
        (rf"\bmultiply\s+{LIST}(?!\s*by)", lambda m: "(" + "*".join(_items(m.group(1))) + ")"),
        (
            rf"\b(?:average|mean|avg)\s+of\s+{LIST}",
            lambda m: "(" + "+".join(_items(m.group(1))) + f")/{len(_items(m.group(1)))}",
        ),
        (rf"\bdifference\s+(?:between|of)\s+({N})\s+and\s+({N})", r"(\1-\2)"),
        (rf"\bquotient\s+of\s+({N})\s+and\s+({N})", r"(\1/\2)"),
        (rf"\b(?:square\s+root|sqrt|root)\s*\(\s*({N})\s*\)", r"sqrt(\1)"),
        (rf"\b(?:square\s+root|sqrt|root)\s+(?:of\s+)?({N})", r"sqrt(\1)"),
        (rf"\b(?:cube|third\s+power)\s+of\s+({N})", r"(\1*\1*\1)"),
        (rf"\bsquare\s+of\s+({N})", r"(\1*\1)"),
        (rf"\bsquare\s+({N})", r"(\1*\1)"),
        (rf"\bcube\s+({N})", r"(\1*\1*\1)"),
        (rf"({N})\s+squared", r"(\1*\1)"),
        (rf"({N})\s+cubed", r"(\1*\1*\1)"),
        (
            rf"({N})\s+(?:to\s+the\s+power\s+of|to\s+the|raised\s+to(?:\s+the\s+power\s+of)?|\*\*|\^)\s+({N})(?:st|nd|rd|th)?(?:\s+power)?",
            r"\1^\2",
        ),
        (rf"\b(?:take\s+)?({N})\s+percent\s+off\s+(?:of\s+)?({N})", r"(\2-\2*\1/100)"),
        (rf"({N})\s+(?:plus|increased\s+by)\s+({N})\s+percent\b", r"(\1+\1*\2/100)"),
        (rf"({N})\s+(?:minus|less|decreased\s+by)\s+({N})\s+percent\b", r"(\1-\1*\2/100)"),
        (rf"({N})\s+percent\s+of\s+({N})", r"(\2*\1/100)"),
        (rf"\bhalf\s+of\s+({N})", r"(\1/2)"),
        (rf"\b(?:a|one)\s+(?:3rd|third)\s+of\s+({N})", r"(\1/3)"),
        (rf"\b(?:a|one)\s+(?:quarter|4th|fourth)\s+of\s+({N})", r"(\1/4)"),
        (rf"\b(?:a|one)\s+(?:5th|fifth)\s+of\s+({N})", r"(\1/5)"),
        (rf"\b(?:a|one)\s+(?:10th|tenth)\s+of\s+({N})", r"(\1/10)"),
        (rf"\bdouble\s+({N})", r"(\1*2)"),
        (rf"\badd\s+({N})\s+(?:to|and)\s+({N})", r"(\2+\1)"),
        (rf"\b(?:subtract|take|minus|deduct|remove)\s+({N})\s+(?:away\s+)?from\s+({N})", r"(\2-\1)"),
        (rf"({N})\s+less\s+than\s+({N})", r"(\2-\1)"),
        (rf"({N})\s+more\s+than\s+({N})", r"(\2+\1)"),
        (rf"\bmultiply\s+({N})\s+by\s+({N})\s+by\s+({N})", r"(\1*\2*\3)"),
        (
            rf"\bmultiply\s+(?:the\s+)?({N}|sqrt\({N}\)|\([^()]*\))\s+(?:by|and|with|times)\s+({N})",
            r"(\1*\2)",
        ),
        (rf"\bdivide\s+({N})\s+(?:by|into)\s+({N})", r"(\1/\2)"),
        (rf"\bsplit\s+({N})\s+(?:by|between|among|into)\s+({N})", r"(\1/\2)"),
        (rf"({N})\s+(?:split|shared|divided)\s+(?:equally\s+)?(?:into|between|among)\s+({N})", r"(\1/\2)"),
        (rf"({N})\s+out\s+of\s+({N})(.*?)\bpercent(?:age)?\b", r"(\1/\2*100)\3"),
        (rf"({N})\s+percent\s+(?:\w+\s+)?(?:on|of)\s+(?:a|an|the)?\s*(?:\w+\s+)?({N})", r"(\2*\1/100)"),
        (rf"({N})\s+divided\s+into\s+({N})", r"(\2/\1)"),
    ]
    for pattern, repl in rules:
        e = re.sub(pattern, repl, e)
    for pattern, op in (
        (r"\bmultiplied\s+by\b|\btimes\b|×|\bx\b(?=\s*[\d(])|\bmultiply\b", "*"),
        (r"\bdivided\s+by\b|÷|\bover\b|\bdivide\b", "/"),
        (r"\bplus\b|\badded\s+to\b|\band\b(?=\s*[\d(])", "+"),
        (r"\bminus\b|\bless\b|\btake\s+away\b|\bsubtract\b", "-"),
        (r"\bpercent\b", "/100"),
    ):
        e = re.sub(pattern, f" {op} ", e)
    e = FILLER.sub(" ", re.sub(r"[,:;?!\u2013\u2014]", " ", e))
    if loose:
        e = re.sub(r"\b(?!sqrt\b)[a-z][\w'-]*", " ", e)
        if re.search(r"[\d.]\s+[\d.(]|\)\s+[\d(]", e):
            return ""  # numbers with no operator between them: not one expression
    e = re.sub(r"\s+", "", e).replace("**", "^").rstrip("=")
    if not e or not re.fullmatch(r"(?:sqrt|[\d.+\-*/()^])+", e) or not re.search(r"\d", e):
        return ""
    if re.search(r"[+\-*/^]$|^[*/^]", e) or e.count("(") != e.count(")"):
        return ""
    if re.search(r"\)[\d.(s]|[\d.](?:\(|sqrt)", e):
        return ""  # operands side by side with no operator ("sqrt(81)11")
    return e


def continuation(text: str) -> str:
    """An operation on the number already shown ("multiply it by 3" -> "*3", "halve it" -> "/2")."""
    low = " " + text.lower().strip().strip(".?!") + " "
    m = re.search(r"\b(double|halve|square|triple)\b", low)
    if m and not re.search(N, low):
        return {"double": "*2", "halve": "/2", "triple": "*3", "square": "^2"}[m.group(1)]
    num = re.search(N, low)
    if not num:
        return ""
    value = num.group(0)
    for pattern, op in (
        (r"\b(?:multipl\w*|times|x)\b|\*|×", "*"),
        (r"\b(?:divid\w*|over|split)\b|/|÷", "/"),
        (r"\b(?:subtract\w*|minus|take|takes|taking|less|deduct\w*|remove|reduce\w*)\b|-", "-"),
        (r"\b(?:add\w*|plus|increase\w*|sum)\b|\+", "+"),
        (r"\b(?:power|raise\w*)\b|\^", "^"),
    ):
        if re.search(pattern, low):
            return f"{op}{value}"
    return ""
