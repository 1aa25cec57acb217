"""General metrics: exact, fuzzy and list matches, text files, JSON objects and the accessibility tree.

Semantics follow OSWorld's metrics/general.py and vscode.py in xlang-ai/OSWorld; our own code.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

from deskpilot.evals.errors import Unsupported

A11Y_NS = {
    "st": "https://accessibility.ubuntu.example.org/ns/state",
    "attr": "https://accessibility.ubuntu.example.org/ns/attributes",
    "cp": "https://accessibility.ubuntu.example.org/ns/component",
    "val": "https://accessibility.ubuntu.example.org/ns/value",
}


def exact_match(result, rules: dict) -> float:
    return float(result == rules["expected"])


def check_include_exclude(result, rules: dict) -> float:
    """Every `include` string is in the result and no `exclude` string is."""
    if result is None:
        return 0.0
    include, exclude = rules.get("include", []), rules.get("exclude", [])
    return float(all(s in result for s in include) and all(s not in result for s in exclude))


def match_in_list(result, rules: dict) -> float:
    """The result is one of the expected values."""
    return float(result in rules["expected"])


def is_in_list(result, rules: dict) -> float:
    """The expected value is in the result (a list or a string)."""
    return float(rules["expected"] in result)


def literal_match(result, expected, **options) -> float:
    """str(result) == str(expected), or element-wise for type "list"; optional ignore_case."""
    fold = (lambda s: str(s).lower()) if options.get("ignore_case") else str
    kind = options.get("type", "str")
    if kind == "str":
        return float(fold(result) == fold(expected))
    if kind == "list":
        if not isinstance(result, list | tuple) or not isinstance(expected, list | tuple):
            return 0.0
        return float([fold(v) for v in result] == [fold(v) for v in expected])
    raise Unsupported(f"literal_match type {kind!r}")


def fuzzy_match(result, rules: dict) -> float:
    """rapidfuzz's ratio of the result and rules["expected"], from 0 to 1."""
    from rapidfuzz import fuzz

    return fuzz.ratio(result, rules["expected"]) / 100.0


def _read(path) -> str:
    return Path(path).read_text(encoding="utf-8", errors="replace")


def compare_text_file(result, expected, **options) -> float:
    """Two text files are equal; ignore_blanks collapses whitespace runs, ignore_case folds case."""
    if not result:
        return 0.0
    texts = [_read(result), _read(expected)]
    if options.get("ignore_blanks"):
        texts = [re.sub(r"\s+", " ", t).strip() for t in texts]
    if options.get("ignore_case"):
        texts = [t.lower() for t in texts]
    return float(texts[0] == texts[1])


def diff_text_file(result, expected) -> float:
    """difflib's similarity of the two files' lines, from 0 to 1."""
    if result is None:
        return 0.0
    return difflib.SequenceMatcher(a=_read(result).splitlines(), b=_read(expected).splitlines()).ratio()


def check_json_settings(result, expected: dict, **options) -> float:
    """Every key of expected["expected"] is in the JSON file with the same value."""
    if not result:
        return 0.0
    try:
        data = json.loads(_read(result))
    except ValueError:
        return 0.0
    return float(
        isinstance(data, dict) and all(data.get(k, object()) == v for k, v in expected["expected"].items())
    )


def check_direct_json_object(result, rules: dict) -> float:
    """Compare a JSON object (or its text) with rules["expected"] key by key. expect_in_result: each
    expected string must occur in the result's value, or one of an expected list must be (in) it.
    ignore_list_order: lists compare as sorted."""
    if isinstance(result, str):
        try:
            result = json.loads(result.strip().replace("'", '"'))
        except ValueError:
            return 0.0
    if not isinstance(result, dict):
        return 0.0
    expected = rules["expected"]
    if rules.get("expect_in_result"):
        for key, want in expected.items():
            got = result.get(key)
            if isinstance(want, list):
                if not any((isinstance(got, list) and w in got) or w == got for w in want):
                    return 0.0
            elif not isinstance(want, str) or not isinstance(got, str) or want not in got:
                return 0.0
        return 1.0
    for key, want in expected.items():
        got = result.get(key)
        if rules.get("ignore_list_order") and isinstance(want, list) and isinstance(got, list):
            want, got = sorted(want, key=repr), sorted(got, key=repr)
        if want != got:
            return 0.0
    return 1.0


def check_accessibility_tree(result: str, rules: list[dict], osname: str = "ubuntu") -> float:
    """Each rule's `xpath` (lxml, full XPath 1.0) or CSS `selectors` must select at least one node of the
    AT-SPI XML; with `text`, the best node's text must equal it (`exact`, the default) or scores
    rapidfuzz's ratio. Scores multiply. Prefixes st:, attr:, cp:, val: name our a11y.py namespaces."""
    if osname != "ubuntu":
        raise Unsupported(f"check_accessibility_tree for {osname!r}")
    import lxml.etree
    from rapidfuzz import fuzz

    root = lxml.etree.fromstring(result.encode() if isinstance(result, str) else result)
    total = 1.0
    for rule in rules:
        if "xpath" in rule:
            nodes = root.xpath(rule["xpath"], namespaces=A11Y_NS)
        elif "selectors" in rule:
            from lxml.cssselect import CSSSelector

            nodes = CSSSelector(", ".join(rule["selectors"]), namespaces=A11Y_NS)(root)
        else:
            raise ValueError("check_accessibility_tree: a rule needs `xpath` or `selectors`")
        if not nodes:
            return 0.0
        if "text" in rule:
            if rule.get("exact", True):
                total *= max(float((n.text or "") == rule["text"]) for n in nodes)
            else:
                total *= max(fuzz.ratio(n.text or "", rule["text"]) / 100.0 for n in nodes)
    return total


def infeasible(agent_failed: bool) -> float:
    """An infeasible task scores 1 exactly when the agent's last action was FAIL."""
    return float(agent_failed)


METRICS = {
    f.__name__: f
    for f in (
        exact_match,
        check_include_exclude,
        match_in_list,
        is_in_list,
        literal_match,
        fuzzy_match,
        compare_text_file,
        diff_text_file,
        check_json_settings,
        check_direct_json_object,
        check_accessibility_tree,
    )
}
