"""OSWorld's small rule languages, shared by several metrics.

Source: desktop_env/evaluators/metrics/utils.py (`_match_value_to_rule`, `_match_record`, `compare_urls`,
`are_lists_equal`) in xlang-ai/OSWorld (read in the karakuri-ai/OSWorld-JP mirror); our own code.
"""

from __future__ import annotations

import functools
import operator
import re
import urllib.parse

from deskpilot.evals.errors import Unsupported


def match_value_to_rule(value, rule: dict) -> bool:
    """{"method": M, "ref": R}: M is eq/ne/lt/le/gt/ge, re[.FLAG...] (regex search), approx:TOL,
    range.XY (X, Y each e or t: ref[0] <(=) value <(=) ref[1]), str_list_eq / str_set_eq (the value is a
    comma-separated string) or spreadsheet_range (value, a MultiCellRange, lies between ref[0] and ref[1])."""
    method, ref = rule["method"], rule.get("ref")
    if method.startswith("re"):
        flags = functools.reduce(
            operator.or_, (getattr(re, f) for f in method.split(".")[1:]), re.RegexFlag(0)
        )
        return re.search(ref, str(value), flags) is not None
    if method in ("eq", "ne", "lt", "le", "gt", "ge"):
        try:
            return getattr(operator, method)(value, ref)
        except TypeError:
            return False
    if method.startswith("approx:"):
        try:
            return abs(float(value) - float(ref)) <= float(method.split(":", 1)[1])
        except (TypeError, ValueError):
            return False
    if method.startswith("range.") and len(method) == 8:
        left, right = (getattr(operator, "l" + c) for c in method[6:8])
        try:
            return left(ref[0], value) and right(value, ref[1])
        except TypeError:
            return False
    if method in ("str_list_eq", "str_set_eq"):
        kind = list if method == "str_list_eq" else set
        return kind(str(value).strip("\"'").split(",")) == kind(ref)
    if method == "spreadsheet_range":
        from openpyxl.worksheet.cell_range import MultiCellRange

        low, high = MultiCellRange(ref[0]), MultiCellRange(ref[1])
        return all(r in value for r in low) and all(r in high for r in value)
    raise Unsupported(f"value rule method {method!r}")


def match_record(pattern: dict, item: dict) -> bool:
    """Every key of pattern is in item with the same value."""
    return all(k in item and item[k] == v for k, v in pattern.items())


def normalize_url(url: str) -> str:
    """http when no scheme, lower-case scheme and host without "www.", "/" path dropped."""
    parts = urllib.parse.urlparse(url)
    return urllib.parse.urlunparse(
        parts._replace(
            scheme=(parts.scheme or "http").lower(),
            netloc=parts.netloc.lower().replace("www.", ""),
            path="" if parts.path == "/" else parts.path,
        )
    )


def same_url(first: str | None, second: str | None) -> bool:
    if first is None or second is None:
        return first == second
    return normalize_url(first) == normalize_url(second)


def same_items(first: list, second: list, equal) -> bool:
    """Same length, and each item of `first` has an equal one in `second`."""
    return len(first) == len(second) and all(any(equal(a, b) for b in second) for a in first)
