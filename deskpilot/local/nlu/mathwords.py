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


# money said in its two units: "12 pounds 50", "5 dollars and 20 cents", "3 euros 5" (cents): one amount
MONEY = r"(?:dollars?|bucks?|pounds?|quid|euros?|francs?|kronor|kroner|crowns?|rupees?|yen)"
SUBUNIT = r"(?:cents?|pence|p|centimes?|öre|ore|paise)"


def spoken_amounts(e: str) -> str:
    """Amounts said in words brought to one number: money in two units ("4 dollars and 5 cents" -> 4.05),
    "N grand" / "Nk" (thousands), a lone sub-unit ("75 cents" -> 0.75), and the currency word dropped
    ("30 euros" -> 30); "of a 1000" -> "of 1000"."""

    def two_units(m: re.Match) -> str:
        whole, part = m.group(1), m.group(2)
        if "." in whole or "." in part or int(part) >= 100:
            return m.group(0)
        return f"{whole}.{int(part):02d}"

    e = re.sub(rf"(?<![\w.])(\d+)\s*{MONEY}\s+(?:and\s+)?(\d{{1,2}})\s*{SUBUNIT}\b", two_units, e)  # fmt: skip
    e = re.sub(rf"(?<![\w.])(\d+)\s*{MONEY}\s+(?:and\s+)?(\d{{2}})(?![\w.])(?!\s*(?:percent|{MONEY}))",
               two_units, e)  # fmt: skip
    e = re.sub(rf"(?<![\w.])(\d+)\s*{SUBUNIT}\b(?!\s*(?:percent|of|\())",
               lambda m: f"{int(m.group(1)) / 100:g}" if int(m.group(1)) < 1000 else m.group(0), e)  # fmt: skip
    e = re.sub(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:grand|k)\b", lambda m: f"{float(m.group(1)) * 1000:g}", e)
    e = re.sub(rf"(?<=\d)\s*{MONEY}\b", " ", e)
    e = re.sub(
        r"\b(of|by|from|to|into|than)\s+(?:a|one)\s+(?=\d+\b(?!\s*(?:percent|/)))", r"\1 ", e
    )  # "a quarter of a 1000"
    return e


# the result said as what the display should show: "the number in the little window should be ...",
# "I want the screen to read ..." (what follows is the arithmetic)
GOAL_SAID = re.compile(
    r"^\W*(?:(?:i\s+(?:want|need)|i'd\s+like|make|get|have)\s+)?(?:the\s+)?(?:number|figure|value|result|answer|display|screen|readout|"
    r"(?:little\s+|small\s+)?window)\b(?:\s+(?!should\b|to\b|must\b)[\w']+){0,5}?\s+(?:should|to|must|needs\s+to|has\s+to|ought\s+to)\s+"
    r"(?:read|show|say|display|be|equal|give|come\s+out\s+as)\s+(?:the\s+(?:result|answer|value)\s+of\s+)?")  # fmt: skip


def to_expression(text: str, loose: bool = False) -> str:
    """The expression in `text`; with `loose`, words that are not arithmetic are dropped wherever they
    stand ("reckon up 2500 divided by 50"), for a clause already known to be a computation."""
    e = " " + text.lower().strip().strip(".?!") + " "
    e = GOAL_SAID.sub(" ", e)
    e = re.sub(r"(\d)\s*%|(\d)\s+per\s+cent\b", r"\1\2 percent", e)  # "15%", "15 per cent"
    e = re.sub(r"[$€£]\s*(?=\d)", "", e)  # "$62"
    e = spoken_amounts(e)
    e = re.sub(rf"(?:^|(?<=\s))(?:negative|minus)\s+({N})", r" (0-\1)", e, count=1) if re.match(
        r"^\W*(?:[a-z']+\W+){0,3}?(?:negative|minus)\s+\d", e) else e  # fmt: skip
    e = re.sub(r"\s[-\u2013\u2014]+\s+(?=[a-z])", " ", e)  # a dash between words is punctuation
    # a number said twice, in words and then in figures: "1 cent (0.01)" is 0.01
    e = re.sub(
        rf"(?<![\w.])(?:{N}|a|an|one)?\s*\b(?!(?:plus|minus|times|over|by|and|of|x)\b)[a-z]+\s*\(\s*({N})\s*\)",
        r" \1 ",
        e,
    )
    # "by itself", "with itself": the number again
    e = re.sub(
        rf"(?<![\w.])({N})(\s+(?:by|with|times|multiplied\s+by|divided\s+by|plus|minus|added\s+to)\s+)itself\b",
        r"\1\2\1",
        e,
    )
    e = re.sub(rf"\b(multiply|divide|add|subtract)\s+({N})\s+(by|with|to|from)\s+itself\b", r"\1 \2 \3 \2", e)
    e = re.sub(r"\banother\s+(?=\d)", "", e)  # "then take away another 125"
    e = re.sub(r"(?<![\w.])(\d+(?:\.\d+)?)\s*[x×]\s*(?=\d)", r"\1 * ", e)  # "45x3"
    # a fraction said in words, alone ("three eighths as a decimal", "2 5ths"): its quotient
    e = re.sub(r"(?<![\w.])(?<!and )(?<!of )(one|a|an|\d+)\s+(?:(\d+)(?:st|nd|rd|th)s?|(half|third|thirds|quarter|quarters|fourths?|fifths?|sixths?|"
               r"sevenths?|eighths?|ninths?|tenths?|twelfths?|sixteenths?|hundredths?|thousandths?))\b(?!\s+of\b)",
               lambda m: f" ({1 if m.group(1) in ('one', 'a', 'an') else m.group(1)}/{m.group(2) or DENOMS[m.group(3).rstrip('s')]}) ",
               e)  # fmt: skip
    e = re.sub(r"(\(\d+/\d+\))\s+(?:as|in|into)\s+(?:a\s+)?(?:decimals?|decimal\s+number|number)\b", r"\1", e)
    e = re.sub(rf"\b(?:average|mean|avg|sum|total)\s+of\s+{N}(?:\s+{N})+\b", lambda m: re.sub(r"(?<=\d)\s+(?=-?\d)", ", ", m.group(0)), e)  # fmt: skip
    # "18 plus 24, divided by 6": what comes before the comma is computed first
    e = re.sub(r"^(.*?\d)\s*,\s*(?:and\s+)?(?:then\s+)?(?=(?:divided|multiplied|times|over)\b)", r"(\1) ", e)
    e = re.sub(r"\s*,\s*(?:as|in|into)\s+(?:a\s+)?decimals?(?:\s+number)?\s*$", " ", e)  # "..., as a decimal"
    # whole-phrase forms first
    rules = [
        (
            rf"\b(?:average|mean|avg)\s+(?:of\s+)?(?:(?:all\s+)?(?:these|those|the\s+following|the)\b\s*(?:\w+\s+)?(?:numbers|values|figures|scores|amounts|marks)?\s*)?:?\s*{LIST}",
            lambda m: "(" + "+".join(_items(m.group(1))) + f")/{len(_items(m.group(1)))}",
        ),  # "average 3, 9 and 12", "the mean of these numbers: 4, 6, 11"
        (
            rf"(?<![\w.])(?:a|an|one|1|({N}))\s+(?:(\d+)(?:st|nd|rd|th)s?|({'|'.join(DENOMS)})s?)\s+of\s+({N})",
            lambda m: (
                f"({m.group(4)}{'*' + m.group(1) if m.group(1) else ''}/{m.group(2) or DENOMS[m.group(3)]})"
            ),
        ),  # "one eighth of 64", "3 sixteenths of 48", "a 20th of 300"
        (
            rf"({N})\s+percent\s+(more|higher|greater|bigger|larger|above|over|up\s+on|less|lower|smaller|fewer|cheaper|below|under|down\s+on)\s+(?:than\s+)?({N})",
            lambda m: (
                f"({m.group(3)}{'-' if re.match(r'less|lower|smaller|fewer|cheaper|below|under|down', m.group(2)) else '+'}{m.group(3)}*{m.group(1)}/100)"
            ),
        ),  # "25 percent more than 80"
        (
            rf"(?<![\w.*/^])({N})\s*([-+])\s*({N})\s+percent\b(?!\s+of)",
            r"(\1\2\1*\3/100)",
        ),  # "100 - 35%" as a calculator's % key
        (
            rf"\b(?:sum|total)\s+of\s+(?:the\s+)?squares\s+of\s+{LIST}",
            lambda m: "(" + "+".join(f"{n}*{n}" for n in _items(m.group(1))) + ")",
        ),
        (rf"\b(?:sum|total)\s+of\s+{LIST}", lambda m: "(" + "+".join(_items(m.group(1))) + ")"),
        (rf"\badd\s+(?:up\s+)?{LIST}(?!\s*(?:to|from))", lambda m: "(" + "+".join(_items(m.group(1))) + ")"),
        (
            rf"\b(?:tot|tally|total|sum|count|add|reckon|totting|tallying)\s+(?:up|together)\s+(?:all\s+)?(?:of\s+)?(?:these|those|the\s+following)?\s*(?:\w+\s+)?:?\s*{LIST}",
            lambda m: "(" + "+".join(_items(m.group(1))) + ")",
        ),  # "tot up 3, 4 and 5", "tally up these: ..."
        (
            rf"{LIST}\s+(?:added\s+(?:up|together)|summed(?:\s+up)?|all\s+together|in\s+total)",
            lambda m: "(" + "+".join(_items(m.group(1))) + ")",
        ),
        (rf"\bproduct\s+of\s+{LIST}", lambda m: "(" + "*".join(_items(m.group(1))) + ")"),
        (rf"\bmultiply\s+{LIST}(?!\s*by)", lambda m: "(" + "*".join(_items(m.group(1))) + ")"),
        (
            rf"\b(?:average|mean|avg)\s+of\s+{LIST}",
            lambda m: "(" + "+".join(_items(m.group(1))) + f")/{len(_items(m.group(1)))}",
        ),
        (
            rf"\bdifference\s+(?:between|of)\s+({N})\s+and\s+({N})",  # the larger less the smaller
            lambda m: (
                f"({m.group(1)}-{m.group(2)})"
                if float(m.group(1)) >= float(m.group(2))
                else f"({m.group(2)}-{m.group(1)})"
            ),
        ),
        (rf"\bquotient\s+of\s+({N})\s+and\s+({N})", r"(\1/\2)"),
        (rf"\b(?:cube|cubic|third)\s+root\s+(?:of\s+)?({N})", r"cbrt(\1)"),
        (
            rf"\b(?:reciprocal|inverse)\s+of\s+({N})|\bone\s+over\s+({N})",
            lambda m: f"(1/{m.group(1) or m.group(2)})",
        ),
        (
            rf"\bremainder\s+(?:of|when|after)\s+({N})\s+(?:is\s+)?divided\s+by\s+({N})|({N})\s+(?:mod|modulo)\s+({N})",
            _remainder,
        ),  # the calculator has no modulo key: a - b*(a//b), worked out here
        (
            rf"({N})\s+(?:is\s+)?what\s+percent(?:age)?\s+of\s+({N})|({N})\s+as\s+a\s+percent(?:age)?\s+of\s+({N})",
            lambda m: f"({m.group(1) or m.group(3)}/{m.group(2) or m.group(4)}*100)",
        ),  # fmt: skip
        (rf"\bwhat\s+percent(?:age)?\s+of\s+({N})\s+is\s+({N})", r"(\2/\1*100)"),
        (rf"\btimes\s+({N})\s+by\s+({N})", r"(\1*\2)"),
        (
            rf"({N})\s+percent\s+of\s+({N})\s+percent\s+of\s+({N})",
            r"(\3*\2/100*\1/100)",
        ),  # "10% of 50% of 80"
        (rf"({N})\s+divided\s+with\s+({N})", r"(\1/\2)"),
        (
            rf"({N})\s+(?:to\s+the\s+power\s+of|to\s+the|raised\s+to(?:\s+the\s+power\s+of)?)\s+(?:a\s+half|one\s+half|1\s+half|0?\.5|1/2|\(1/2\))(?:\s+power)?(?!\w)",
            r"sqrt(\1)",
        ),
        (
            rf"({N})\s*/\s*({N})\s+(?:as|in|into)\s+(?:a\s+)?(?:decimals?|decimal\s+number|number)\b",
            r"(\1/\2)",
        ),  # "show 5/16 in decimal"
        (rf"({N})\s+dozen\b", r"(\1*12)"),
        (
            rf"({N}\s+(?:plus|minus|times|divided\s+by|multiplied\s+by)\s+{N})\s*,?\s+(?:all\s+)?(squared|cubed)\b",
            lambda m: f"({m.group(1)})^{2 if m.group(2) == 'squared' else 3}",
        ),  # "3 plus 4, all squared"
        (rf"\bpercent(?:age)?\b\W*(?:is\s+|of\s+)?({N})\s+(?:out\s+of|of)\s+({N})\b", r"(\1/\2*100)"),
        (rf"\b(?:square\s+root|sqrt|root)\s*\(\s*({N})\s*\)", r"sqrt(\1)"),
        (rf"\b(?:square\s+root|sqrt|root)\s+(?:of\s+)?({N})", r"sqrt(\1)"),
        (rf"\b(?:cube|third\s+power)\s+of\s+({N})", r"(\1*\1*\1)"),
        (rf"\bsquare\s+of\s+({N})", r"(\1*\1)"),
        (rf"\bsquare\s+({N})", r"(\1*\1)"),
        (rf"\bcube\s+({N})", r"(\1*\1*\1)"),
        (rf"({N}|\(0-{N}\))\s+squared", r"(\1*\1)"),  # "negative 4 squared": (0-4) squared
        (rf"({N}|\(0-{N}\))\s+cubed", r"(\1*\1*\1)"),
        (
            rf"({N})\s+(?:to\s+the\s+power(?:\s+of)?|to\s+the|raised\s+to(?:\s+the\s+power\s+of)?|\*\*|\^)\s+({N})(?:st|nd|rd|th)?(?:\s+power)?",
            r"\1^\2",
        ),
        (rf"\b(?:take\s+)?({N})\s+percent\s+off\s+(?:of\s+)?({N})", r"(\2-\2*\1/100)"),
        (rf"\b(?:take|knock|shave)\s+({N})\s+off\s+(?:of\s+)?({N})", r"(\2-\1)"),
        (rf"({N})\s+(?:plus|increased\s+by)\s+({N})\s+percent\b", r"(\1+\1*\2/100)"),
        (rf"({N})\s+(?:minus|less|decreased\s+by)\s+({N})\s+percent\b", r"(\1-\1*\2/100)"),
        (rf"({N})\s+percent\s+of\s+({N})", r"(\2*\1/100)"),
        (
            rf"({N})\s+({'|'.join(FRACTIONS)})\s+of\s+({N})",
            lambda m: f"({m.group(3)}*{m.group(1)}/{FRACTIONS[m.group(2)]})",
        ),  # "3 quarters of 60", "2 3rds of 90"
        (rf"\b(\d+)\s*/\s*(\d+)\s+of\s+({N})", r"(\3*\1/\2)"),  # "3/4 of 60"
        (rf"(?<![\w.])(0?\.\d+)\s+of\s+({N})", r"(\2*\1)"),  # "0.25 of 64"
        (rf"\bhalf\s+of\s+({N})", r"(\1/2)"),
        (rf"\b(?:a|one|1)\s+(?:3rd|third)\s+of\s+({N})", r"(\1/3)"),
        (rf"\b(?:a|one)\s+(?:quarter|4th|fourth)\s+of\s+({N})", r"(\1/4)"),
        (rf"\b(?:a|one)\s+(?:5th|fifth)\s+of\s+({N})", r"(\1/5)"),
        (rf"\b(?:a|one)\s+(?:10th|tenth)\s+of\s+({N})", r"(\1/10)"),
        (rf"\b(double|halve|triple)\s+({N})\s+(twice|two\s+times|three\s+times)", _repeated),
        (rf"\bdouble\s+({N})|\btwice\s+({N})\b", lambda m: f"({m.group(1) or m.group(2)}*2)"),
        (rf"\bhalve\s+({N})", r"(\1/2)"),
        (rf"\btriple\s+({N})", r"(\1*3)"),
        (rf"({N})\s+(doubled|halved|tripled)\b", lambda m: f"({m.group(1)}{ONE_OP[m.group(2)[:-1]]})"),
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
        e = re.sub(r"\b(?!(?:sqrt|cbrt)\b)[a-z][\w'-]*", " ", e)
        if re.search(r"[\d.]\s+[\d.(]|\)\s+[\d(]", e):
            return ""  # numbers with no operator between them: not one expression
    elif re.search(r"\d\s+\d", e):
        return ""  # "3, 4 and 5 ...": numbers side by side are never one number
    e = re.sub(r"\s+", "", e).replace("**", "^").rstrip("=")
    e = re.sub(r"([*/^])-(\d+(?:\.\d+)?)", r"\1(0-\2)", e)  # "-12 times minus 12": the second minus is a sign
    if not e or not re.fullmatch(r"(?:sqrt|cbrt|[\d.+\-*/()^])+", e) or not re.search(r"\d", e):
        return ""
    if re.search(r"[+\-*/^]$|^[*/^]", e) or e.count("(") != e.count(")"):
        return ""
    if re.search(r"\)[\d.(sc]|[\d.](?:\(|sqrt|cbrt)", e):
        return ""  # operands side by side with no operator ("sqrt(81)11")
    return e


# Units of the same kind as factors of one base unit: "how many minutes in 3 hours" -> 3*60/1.
UNITS = {
    "second": ("time", 1), "minute": ("time", 60), "hour": ("time", 3600), "day": ("time", 86400),
    "week": ("time", 604800), "year": ("time", 31536000), "yr": ("time", 31536000), "millimetre": ("length", 1), "centimetre": ("length", 10), "metre": ("length", 1000),
    "kilometre": ("length", 1000000), "inch": ("length", 25.4), "foot": ("length", 304.8), "feet": ("length", 304.8),
    "yard": ("length", 914.4), "mile": ("length", 1609344), "gram": ("mass", 1), "kilogram": ("mass", 1000),
    "kg": ("mass", 1000), "millilitre": ("volume", 1), "litre": ("volume", 1000), "ml": ("volume", 1),
    "cm": ("length", 10), "mm": ("length", 1), "km": ("length", 1000000), "g": ("mass", 1),
}  # fmt: skip
UNIT = r"(?:second|minute|hour|day|week|year|yr|millimet(?:re|er)|centimet(?:re|er)|kilomet(?:re|er)|met(?:re|er)|inch(?:es)?|" \
       r"foot|feet|yard|mile|kilogram|gram|millilit(?:re|er)|lit(?:re|er)|kg|ml|cm|mm|km|g)s?"  # fmt: skip
# people or parts a sum is shared among: "3 of us", "4 friends", "5 ways"
PARTS = (r"(?:of\s+us|of\s+them|people|persons|friends|guests|ways|kids|children|colleagues|players|parts|"
         r"equal\s+parts|shares|roommates|flatmates|pieces|slices|portions)")  # fmt: skip
EACH = r"\b(?:each|apiece|a\s+piece|per\s+(?:person|head|item|ticket|one|unit|slice|piece|share|portion|kid|child|guest)|a\s+head)\b"


COUNT_WORDS = [(r"\bhalf\s+a\s+dozen\b", 6), (r"\b(?:a|one)\s+dozen\b", 12), (r"\b(?:a\s+)?couple\s+of\b", 2),
               (r"\b(?:a|one)\s+pair\s+of\b", 2), (r"\bdozen\b", 12)]  # fmt: skip
# how many of the second period one of the first holds, for amounts "a month" said "a year"
PER_PERIOD = {("month", "year"): 12, ("week", "year"): 52, ("day", "week"): 7, ("day", "year"): 365,
              ("hour", "day"): 24, ("day", "month"): 30, ("week", "month"): 4, ("hour", "week"): 168,
              ("year", "month"): "1/12", ("month", "week"): "12/52", ("year", "week"): "1/52", ("week", "day"): "1/7",
              ("year", "day"): "1/365", ("day", "hour"): "1/24", ("month", "day"): "1/30"}  # fmt: skip


def _unit(word: str) -> tuple[str, float] | None:
    w = word.lower().rstrip("s").replace("meter", "metre").replace("liter", "litre")
    w = {"inche": "inch"}.get(w, w)
    return UNITS.get(w)


def word_problem(text: str) -> str:
    """The expression behind an everyday question whose arithmetic is implied rather than said: a sum shared
    ("73.20 for 4 of us, what is each share" -> 73.20/4), a count at a price ("4 tickets at 12.50 each"), a
    price with a discount or a surcharge ("120 with 25% off"), a rate ("45 km in 3 hours, km per
    hour"), a unit conversion ("seconds in 2 minutes"), a factorial. "" when the text is none of these.
    Runs on prepared text (numbers as digits)."""
    t = " " + spoken_amounts(re.sub(r"[$€£]\s*(?=\d)", "", text.lower()).replace("%", " percent")) + " "
    t = re.sub(r"\b(\d+)\s+dozen\b", lambda m: f" {int(m.group(1)) * 12} ", t)  # "3 dozen eggs" -> "36 eggs"
    for words, n in COUNT_WORDS:  # "a dozen eggs" -> "12 eggs"
        t = re.sub(words, f" {n} ", t)
    nums = re.findall(rf"(?<![\w.]){N}(?![\w.]*\d)", t)
    m = re.search(rf"({N})\s*(?:degrees?\s+)?(?:°\s*)?(fahrenheit|celsius|centigrade|f|c)\b.*?\b(?:in|into|to|as)\s+"
                  r"(?:degrees?\s+)?(fahrenheit|celsius|centigrade|f|c)\b", t)  # fmt: skip
    if m and len(nums) == 1 and m.group(2)[0] != m.group(3)[0]:  # "100 fahrenheit in celsius"
        return f"(({m.group(1)}-32)*5/9)" if m.group(2).startswith("f") else f"({m.group(1)}*9/5+32)"
    m = re.search(rf"({N})\s+(?:\w+\s+)?(?:a|an|per|each|every)\s+(hour|day|week|month|year)\b.*?\b(?:a|an|per|each|every|in\s+a|"
                  r"in\s+one|over\s+a|for\s+a|over\s+the|for\s+the|in\s+the)\s+(?:whole\s+|full\s+|entire\s+)?(hour|day|week|month|year)\b", t)  # fmt: skip
    if m and len(nums) == 1 and (m.group(2), m.group(3)) in PER_PERIOD:  # "3000 a month, how much a year"
        return f"({m.group(1)}*{PER_PERIOD[(m.group(2), m.group(3))]})"
    m = re.search(rf"({N})\s+(?:\w+\s+)?(?:a|an|per|each|every)\s+(hour|day|week|month|year)\b.*?\b(?:in|over|for|across|after)\s+"
                  rf"(?:the\s+next\s+|the\s+)?({N})\s+(hour|day|week|month|year)s?\b", t)  # fmt: skip
    if (
        m and len(nums) == 2
    ):  # "38.50 a month, what is that over 2 years": the rate, times the periods in the span
        if m.group(2) == m.group(4):
            return f"({m.group(1)}*{m.group(3)})"
        if (m.group(2), m.group(4)) in PER_PERIOD:
            return f"({m.group(1)}*{PER_PERIOD[(m.group(2), m.group(4))]}*{m.group(3)})"
    mixed = _mixed_units(t)
    if mixed:
        return mixed
    per = _per_unit(t)
    if per:
        return per
    listed = re.search(
        rf"(?<![\w.])({N})\s+(?:[a-z]+\s+){{0,2}}?[a-z]+\s*:\s*((?:{N}\s*(?:,|and|,\s*and)\s*)+{N})\b", t
    )
    if (
        listed
        and len(re.findall(N, listed.group(2))) == float(listed.group(1))
        and len(nums) == float(listed.group(1)) + 1
    ):
        # "3 invoices: 120, 75.5 and 304, total?": the count says how many values follow, it is none of them
        t = t[: listed.start(1)] + t[listed.end(1) :]
        nums = re.findall(rf"(?<![\w.]){N}(?![\w.]*\d)", t)
    if not nums:  # "how many hours are in a week": one of the unit
        t = re.sub(rf"\b(?:in|is|are|make|makes)\s+(?:a|an|one)\s+(?={UNIT}\b)", " in 1 ", t)
        nums = re.findall(rf"(?<![\w.]){N}(?![\w.]*\d)", t)
    side = re.search(rf"\bsquare\b.*?\b({N})\s*(?:m|cm|mm|km|ft|feet|foot|inch(?:es)?|metres?|meters?|yards?|miles?)?\s+(?:on\s+)?(?:each|every|a|per|one)\s+side|"
                     rf"\bsquare\b.*?\bsides?\s+(?:of|are|is)\s+({N})", t)  # fmt: skip
    if (
        side and len(nums) == 1 and re.search(r"\barea\b", t)
    ):  # "a square yard 6 m on each side, what's its area"
        n = side.group(1) or side.group(2)
        return f"({n}*{n})"
    if side and len(nums) == 1 and re.search(r"\bperimeter\b|\ball\s+(?:the\s+)?way\s+round\b", t):
        return f"(4*{side.group(1) or side.group(2)})"
    dims = re.search(rf"({N})\s*(?:m|cm|mm|ft|feet|metres?|meters?)?\s*(?:by|x|×)\s*({N})", t)
    if dims and len(nums) == 2 and re.search(r"\barea\b", t):  # "a room 3 by 4.5 metres, what's the area"
        return f"({dims.group(1)}*{dims.group(2)})"
    m = re.search(rf"(?:\bfactorial\s+(?:of\s+)?({N})|({N})\s*(?:factorial|!))", t)
    if m and len(nums) == 1:
        n = int(float(m.group(1) or m.group(2)))
        return "(" + "*".join(str(k) for k in range(1, n + 1)) + ")" if 1 <= n <= 20 else ""
    if len(nums) >= 2 and re.search(r"\b(?:all\s+together|altogether|in\s+total|combined|in\s+all|add(?:ed)?\s+up|"
                                    r"the\s+total|total\s+is|sum\s+up|total(?=\W*$))\b", t) and not re.search(
        r"\b(?:times|divided|minus|less|percent|each|per|multiplied|off|between|among|split|share|of)\b|[-*/x×]\s*\d", t):  # fmt: skip
        return "(" + "+".join(nums) + ")"  # "12.10, 3.35 and 7.05, how much in total"
    unit_pair = len(nums) == 1 and re.search(rf"^\W*({UNIT})\s+(?:are\s+|is\s+)?(?:in|per)\s+({N})\s*({UNIT})\b", t) or len(nums) == 1 and re.search(rf"({N})\s*({UNIT})\b.*?\b(?:in|into|to|as)\s+({UNIT})\b", t) or re.search(
        rf"\b(?:how\s+many|number\s+of)\s+({UNIT})\b.*?\b(?:in|is|are|make|makes)\s+(?:a\s+|an\s+)?({N})\s*({UNIT})\b", t)  # fmt: skip
    if unit_pair:
        g = unit_pair.groups()
        (value, src, dst) = (g[0], g[1], g[2]) if re.fullmatch(N, g[0]) else (g[1], g[2], g[0])
        a, b = _unit(src), _unit(dst)
        if a and b and a[0] == b[0] and a[1] != b[1]:
            return f"({value}*{_fmt_factor(a[1])}/{_fmt_factor(b[1])})"
    bought = re.findall(rf"\b(?:({N})|a|an|one)\s+[a-z]+\s+(?:at|for|costing|@)\s+({N})(?!\s*percent)", t)
    if len(bought) >= 2 and re.search(
        r"\b(?:spen[dt]|cost|total|altogether|in\s+all|come\s+to|pay|owe)\b", t
    ):
        # "2 pens at 1.50 and a pad for 3, what did I spend": each count at its price, all added
        return "(" + "+".join(f"{n}*{p}" if n else p for n, p in bought) + ")"
    implied = _share_rate_or_score(t) if len(nums) in (2, 3) else ""
    if implied:
        return implied
    if len(nums) != 2:
        return ""
    m = re.search(rf"({N})\s+(?:an|a|per)\s+(hour|day|week|month|shift)\b.*?\b({N})\s*(?:more\s+)?(hours?|hrs?|h|days?|weeks?|months?|shifts?)\b", t) or re.search(
        rf"({N})\s*(hours?|hrs?|h|days?|weeks?|months?|shifts?)\b.*?\b({N})\s+(?:an|a|per)\s+(hour|day|week|month|shift)\b", t)  # fmt: skip
    if m and m.group(2)[0] == m.group(4)[0]:  # "18.50 an hour for 37.5 hours": the rate times the time
        return f"({m.group(1)}*{m.group(3)})"
    m = re.search(rf"\b({N})\s+(?:[a-z]+\s+){{1,3}}?(?:and|,)\s+(?:each|every)\s+(?:one\s+|of\s+them\s+|[a-z]+\s+)?(?:needs|gets|has|wants|takes|uses|eats|costs|brings|receives)\s+({N})\b", t)  # fmt: skip
    if m:  # "a class of 28 and each one needs 3 books": a count times what each needs
        return f"({m.group(1)}*{m.group(2)})"
    speed = re.search(rf"({N})\s*(?:mph|km/?h|kph|miles?\s+(?:an|per)\s+hour|km\s+(?:an|per)\s+hour|kilometres?\s+(?:an|per)\s+hour)\s+"
                      rf"(?:for|over|during)\s+({N})\s+hours?", t)  # fmt: skip
    if speed and re.search(
        r"\bhow\s+(?:far|many\s+(?:miles|km|kilometres))\b|\bdistance\b", t
    ):  # "50 mph for 3 hours, how far"
        return f"({speed.group(1)}*{speed.group(2)})"
    shared = re.search(rf"\b(?:we(?:'re|\s+are)|there(?:'re|\s+are))\s+({N})\b(?!\s*percent)", t)
    if shared and re.search(
        rf"{EACH}|\bsplit|\bshare|\bper\s+person", t
    ):  # "dinner is 96 and we are 4, how much each"
        amount = next((n for n in nums if n != shared.group(1)), "")
        if amount and float(shared.group(1)) >= 2:
            return f"({amount}/{shared.group(1)})"
    priced = re.search(
        rf"\b({N})\s+(?:of\s+them|of\s+those|[a-z]+)\s+(?:at|for|costing|@)\s+({N})\s*{EACH}", t
    )
    if priced:  # "five of those at 3.20 each": a count at a price, not a share
        return f"({priced.group(1)}*{priced.group(2)})"
    each = re.search(
        rf"\b({N})\s+(?:[a-z']+\s+){{1,4}}?({N})\s*(?:each|apiece|a\s+head|per\s+(?:person|head))\b", t
    )
    if each and not re.search(r"\b(?:split|share|divide|between|among)\w*", t):
        # "8 people chip in 12.50 each, how much is that": a count, each giving the amount
        return f"({each.group(1)}*{each.group(2)})"
    parts = re.search(rf"\b({N})\s+{PARTS}", t) or re.search(
        rf"\b(?:between|among|amongst|by|into|for)\s+({N})\b(?!\s*percent)", t
    )
    if parts and re.search(rf"{EACH}|\bsplit|\bshare|\bdivide|\bevenly|\bequally", t):
        amount = next((n for n in nums if n != parts.group(1)), "")
        if amount and float(parts.group(1)) >= 2:
            return f"({amount}/{parts.group(1)})"
    m = re.search(rf"\b({N})\s+(?:[a-z]+\s+){{0,3}}?(?:at|for|costing|@)\s+({N})\s*(?:{EACH}|a\s+go)", t) or re.search(
        rf"\b({N})\s+(?:[a-z]+\s+){{0,3}}?(?:at|costing|@)\s+({N})\b(?!\s*percent)", t)  # fmt: skip
    if m:
        return f"({m.group(1)}*{m.group(2)})"
    m = re.search(
        rf"({N})\s+(?:[a-z]+\s+){{0,2}}?(?:each|apiece)\b.*?\b({N})\s+(?:of\s+them|tickets|items|units|pieces)\b",
        t,
    )
    if m:
        return f"({m.group(2)}*{m.group(1)})"
    m = re.search(
        rf"\b({N})\s+(?:[a-z]+\s+){{1,2}}?(?:of|with|holding|containing|each\s+(?:with|holding|of))\s+({N})\b(?!\s*percent)",
        t,
    )
    if m and (
        re.search(r"\b(?:total|in\s+all|altogether|how\s+many|overall|all\s+together)\b", t)
        or re.fullmatch(rf"\W*{N}\s+[a-z]+\s+(?:of|with|holding|containing)\s+{N}(?:\s+(?:[a-z]+\s+)?(?:each|apiece))?\W*", t.strip())
    ):  # fmt: skip
        return (
            f"({m.group(1)}*{m.group(2)})"  # "3 boxes of 24 eggs, how many in all", "6 crates with 10 each"
        )
    pct = re.search(rf"({N})\s+percent", t)
    if pct:
        base = next((n for n in nums if n != pct.group(1) or nums.count(n) > 1), "")
        p = pct.group(1)
        off = re.search(r"\b(?:off|discount\w*|reduc\w*|cut|lower\w*|knock\w*|sale|less|drop\w*|minus|markdown|"
                        r"fall|fell|decrease\w*|shrink\w*|lose|lost)\b", t)  # fmt: skip
        up = re.search(r"\b(?:tip|tax|vat|raise\w*|increase\w*|more|extra|add\w*|plus|on\s+top|surcharge|"
                       r"grow\w*|rise|rose|up|markup|gratuity|service)\b", t)  # fmt: skip
        if base and re.search(
            r"\b(?:how\s+much|what(?:'s|\s+is|\s+would\s+be))\s+(?:is\s+)?(?:the\s+)?(?:vat|tax|tip|discount|interest|commission|fee|"
            r"saving|deposit|service(?:\s+charge)?)\b(?!\s+(?:price|total|bill|cost|amount\s+to\s+pay))|\b(?:just|only)\s+(?:(?:want|need|care\s+about|asking\s+for|after)\s+)?(?:the\s+)?(?:vat|tax|tip|discount|interest|fee|service(?:\s+charge)?|commission)\b(?!\s+(?:included|added|on\s+top|inclusive))",
            t,
        ):
            return f"({base}*{p}/100)"  # "tax is 15%, how much tax on 80": the share itself
        if base and off and not up:
            return f"({base}-{base}*{p}/100)"
        if base and up and not off and re.search(r"\b(?:total|in\s+all|altogether|with|including|after|new|pay|owe|"
                                                 r"come\s+to|end\s+up|become|now|raise|increase|add|grow|mark)", t):  # fmt: skip
            return f"({base}+{base}*{p}/100)"
        return ""
    m = re.search(rf"\b(?:had|have|has|got|get|start(?:ed)?\s+with|earn(?:ed)?|save[ds]?)\s+({N})\b.*?\b(?:spen[dt]|spending|us(?:ed|e)|gave\s+away|"
                  rf"lost|lose|paid|pay|ate|sold|took)\s+({N})\b", t)  # fmt: skip
    if m and re.search(
        r"\b(?:left|remain\w*|still\s+have|now|over|rest)\b", t
    ):  # "started with 90 and gave away 25, how many remain"
        return f"({m.group(1)}-{m.group(2)})"
    m = re.search(
        rf"(?<![\w.])({N})\b(?!\s*percent).*?\b(?:and|then|but|,|later|after\s+that)\s+(?:\w+\s+){{0,4}}?({N})\s+(?:more|extra|additional|further)\b",
        t,
    )
    if m and re.search(r"\b(?:how\s+many|how\s+much|total|now|altogether|in\s+all|all\s+together)\b", t):
        return f"({m.group(1)}+{m.group(2)})"  # "I had 3 apples and bought 5 more, how many now"
    rate = re.search(rf"({N})\s*(?:[a-z]+\s+){{0,3}}?(?:on|in|with|using|for|over|from|per)\s+"
                     rf"(?:a\s+|an\s+|just\s+|only\s+)?({N})\s*[a-z]+", t)  # fmt: skip
    if rate and re.search(r"\bper\b|\ban?\s+(?:hour|litre|liter|gallon|day|week|minute|month|kilo|km|mile)\b|"
                          r"\bevery\s+\w+|\bhow\s+(?:fast|far)\b|\baverage\b|\brate\b", t):  # fmt: skip
        return f"({rate.group(1)}/{rate.group(2)})"
    return ""


def _stem(word: str) -> str:
    """A plural's singular, roughly ("litres" -> "litre", "boxes" -> "box", "berries" -> "berry")."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and re.search(r"(?:ch|sh|x|ss)es$", w):
        return w[:-2]
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _share_rate_or_score(t: str) -> str:
    """Three everyday questions over two numbers: a score as a percentage ("got 42 out of 60, what percent is
    that"), the price of one of several ("5 pens cost 7.50, how much is one"), and a price per unit
    times a quantity ("1.65 a litre, what do 40 litres cost")."""
    m = re.search(rf"({N})\s+(?:out\s+of|from|of)\s+({N})\b(?!\s*percent).*?\bpercent(?:age)?\b", t)
    if m and not re.search(rf"({N})\s+percent", t):
        return f"({m.group(1)}/{m.group(2)}*100)"
    m = re.search(
        rf"(?<![\w.])({N})\s+([a-z]+)\s+(?:cost|costs|are|come\s+to|sell\s+for|go\s+for|for)\s+({N})(?![\w.])(?!\s*(?:percent|each|apiece))",
        t,
    )
    if (
        m
        and float(m.group(1)) >= 2
        and re.search(
            rf"\b(?:one|1|each|a\s+single|single|per|a|an)\s+(?:{_stem(m.group(2))}\w*|of\s+them|one|piece|item|unit)\b|\beach\b|\bapiece\b|\bper\s+\w+",
            t[m.end() :],
        )
    ):
        return f"({m.group(3)}/{m.group(1)})"
    m = re.search(
        rf"({N})\s+(?:a|an|per|each|the|for\s+(?:a|an|one|each))\s+([a-z]+)\b.*?(?<![\w.])({N})\s+([a-z]+)", t
    )
    if (
        m
        and _stem(m.group(2)) == _stem(m.group(4))
        and m.group(2) not in ("hour", "day", "week", "month", "year")
    ):
        return f"({m.group(1)}*{m.group(3)})"
    m = re.search(
        rf"\b([a-z]+)\s+(?:are|is|cost|costs|go\s+for|sell\s+for)\s+({N})\s*(?:each|apiece|a\s+piece)\b.*?(?<![\w.])({N})\s+([a-z]+)",
        t,
    )
    if m and _stem(m.group(1)) == _stem(m.group(4)):
        return f"({m.group(2)}*{m.group(3)})"  # "apples are 0.40 each, what do 12 apples cost"
    return ""


def _mixed_units(t: str) -> str:
    """A quantity said in two units of one kind, asked in one of them: "3 hours and 45 minutes, how many
    minutes" -> (3*3600+45*60)/60."""
    m = re.search(rf"(?<![\w.])({N})\s*({UNIT})\b\s*(?:and\s+|,\s*)?({N})\s*({UNIT})\b", t)
    ask = re.search(rf"\b(?:how\s+many|in|into|as|number\s+of)\s+({UNIT})\b", t[m.end() :]) if m else None
    if not (m and ask):
        return ""
    a, b, c = _unit(m.group(2)), _unit(m.group(4)), _unit(ask.group(1))
    if not (a and b and c) or not a[0] == b[0] == c[0] or a[1] <= b[1]:
        return ""
    return f"(({m.group(1)}*{_fmt_factor(a[1])}+{m.group(3)}*{_fmt_factor(b[1])})/{_fmt_factor(c[1])})"


def _per_unit(t: str) -> str:
    """ "how many A per B" with a number said beside each: "drove 420 km on 30 litres, how many km per litre"
    -> 420/30, "12 km in 60 minutes, how many minutes per km" -> 60/12."""
    m = re.search(
        r"\bhow\s+(?:many|much)\s+([a-z]+)\s+(?:per|a|an|each|for\s+(?:each|every)|to\s+the|every)\s+([a-z]+)\b",
        t,
    )
    if not m:
        return ""
    a, b = _stem(m.group(1)), _stem(m.group(2))
    said = {_stem(w): n for n, w in re.findall(rf"(?<![\w.])({N})\s*([a-z]+)", t[: m.start()])}
    if a in said and b in said and a != b:
        return f"({said[a]}/{said[b]})"
    return ""


def _fmt_factor(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


# plural fractions, also as the number library writes them ("thirds" -> "3rds")
DENOMS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
          "tenth": 10, "twelfth": 12, "sixteenth": 16, "hundredth": 100, "thousandth": 1000}  # fmt: skip
FRACTIONS = {"halves": 2, "thirds": 3, "3rds": 3, "quarters": 4, "fourths": 4, "4ths": 4, "fifths": 5, "5ths": 5,
             "eighths": 8, "8ths": 8, "tenths": 10, "10ths": 10}  # fmt: skip
# one-word operations on a number, and how often "twice" / "three times" repeats them
ONE_OP = {"double": "*2", "halve": "/2", "triple": "*3", "square": "^2"}
TIMES = {"twice": 2, "two times": 2, "three times": 3}


def _remainder(m: re.Match) -> str:
    """ "17 mod 5" -> "(17-5*3)"; a non-whole or zero divisor stays unread."""
    a, b = (float(g) for g in (m.group(1) or m.group(3), m.group(2) or m.group(4)))
    if not (a.is_integer() and b.is_integer() and b):
        return m.group(0)
    return f"({int(a)}-{int(b)}*{int(a // b)})"


def _repeated(m: re.Match) -> str:
    """ "halve 300 twice" -> "(300/2/2)"."""
    times = TIMES[re.sub(r"\s+", " ", m.group(3))]
    return f"({m.group(2)}{ONE_OP[m.group(1)] * times})"


# "take 50", "start with 12": the number a chain of operations starts from
START_VALUE = re.compile(rf"\s*(?:take|(?:start|begin)(?:ing)?\s+(?:with|at|from)|use)\s+({N})\s*", re.I)
# "start with 12 and triple it": the start, then what is done to it
START_CHAIN = re.compile(START_VALUE.pattern + r"(?:,\s*)?(?:and\s+)?(?:then\s+)?(\S.*)", re.I)


def continuation(text: str) -> str:
    """An operation on the number already shown ("multiply it by 3" -> "*3", "halve it" -> "/2")."""
    low = " " + text.lower().strip().strip(".?!") + " "
    if re.search(r"\b(?:square\s+root|sqrt|root)\b", low) and not re.search(N, low):
        return "sqrt"  # "the square root of that": of the number shown
    m = re.search(r"\b(double|halve|square|triple)\b", low)
    if m and not re.search(N, low):
        again = re.search(r"\b(twice|two\s+times|three\s+times)\b", low)
        return ONE_OP[m.group(1)] * (TIMES[re.sub(r"\s+", " ", again.group(1))] if again else 1)
    if START_VALUE.fullmatch(low):
        return ""  # "take 50 (and double it)": the number to start from, not a subtraction
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
