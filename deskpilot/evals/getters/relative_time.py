"""The `rule_relativeTime` getter: fill a rule's date placeholders from phrases such as "next Monday".

OSWorld's getters/misc.py (read in the karakuri-ai/OSWorld-JP mirror) knows a fixed list of phrases; the
tasks of April 2026 add "next week <Day>", "first monday eight months later", a `timezone` and "split"
ranges. Our own code covers every phrase the 369 tasks use; an unknown phrase raises Unsupported.
"""

from __future__ import annotations

import copy
import re
from datetime import date, datetime, timedelta

from deskpilot.evals.errors import Unsupported

DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SHORT_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
JA_DAYS = ["月", "火", "水", "木", "金", "土", "日"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip
NUMBERS = {w: i for i, w in enumerate(["one", "two", "three", "four", "five", "six", "seven", "eight",
                                       "nine", "ten", "eleven", "twelve"], start=1)}  # fmt: skip


def _add_months(day: date, months: int, day_of_month: int = 1) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, day_of_month)


def resolve_phrase(phrase: str, today: date, after: date | None = None) -> date:
    """The date a phrase names, seen from `today`. `after`: for the end of a range, a bare "next <day>"
    is the first such day on or after the range's start."""
    text = phrase.lower().removesuffix(" split").strip()
    if text == "today" or text == "this month":
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    if match := re.fullmatch(r"(\d+)(?:st|nd|rd|th) next month", text):
        return _add_months(today, 1, int(match.group(1)))
    if match := re.fullmatch(r"this (\w+)", text):
        if match.group(1) in DAYS:
            return today + timedelta(days=(DAYS.index(match.group(1)) - today.weekday()) % 7)
    if match := re.fullmatch(r"next week (\w+)", text):
        if match.group(1) in DAYS:
            next_monday = today + timedelta(days=7 - today.weekday())
            return next_monday + timedelta(days=DAYS.index(match.group(1)))
    if match := re.fullmatch(r"next (\w+)", text):
        if match.group(1) in DAYS:
            wanted = DAYS.index(match.group(1))
            if after is not None:
                return after + timedelta(days=(wanted - after.weekday()) % 7)
            return today + timedelta(days=(wanted - today.weekday() - 1) % 7 + 1)
    if match := re.fullmatch(r"first (\w+) (\w+) months? later", text):
        count = NUMBERS.get(match.group(2)) or (int(match.group(2)) if match.group(2).isdigit() else None)
        if match.group(1) in DAYS and count:
            first = _add_months(today, count)
            return first + timedelta(days=(DAYS.index(match.group(1)) - first.weekday()) % 7)
    raise Unsupported(f"rule_relativeTime phrase {phrase!r}")


def format_date(template, day: date):
    """A template (or a list of alternative templates) with the date filled in; see fill_date."""
    if isinstance(template, list):
        return [fill_date(t, day) for t in template]
    return fill_date(template, day)


def fill_date(template: str, day: date) -> str:
    """OSWorld's placeholders: {DoW} Mon, {DoWJ} 月, {Month} Jan, {MonthFull} January, {month} january,
    {MonthD} 1, {Month0D} 01, {DayD} 5, {Day0D} 05, {Year} 2026."""
    values = {
        "{DoW}": SHORT_DAYS[day.weekday()],
        "{DoWJ}": JA_DAYS[day.weekday()],
        "{Month}": MONTHS[day.month - 1][:3],
        "{MonthFull}": MONTHS[day.month - 1],
        "{month}": MONTHS[day.month - 1].lower(),
        "{MonthD}": str(day.month),
        "{Month0D}": f"{day.month:02d}",
        "{DayD}": str(day.day),
        "{Day0D}": f"{day.day:02d}",
        "{Year}": str(day.year),
    }
    for key, value in values.items():
        template = template.replace(key, value)
    return template


def today_in(timezone: str | None) -> date:
    if not timezone:
        return datetime.now().date()
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(timezone)).date()


def rule_relative_time(env, config: dict) -> dict:
    """The rules with their `expected` dates filled in. relativeTime {"from"} fills expected["time"];
    {"from", "to"} fill expected["from"] and ["to"]; with "split" phrases, the other expected keys are
    filled, the first half from "from" and the second half from "to"."""
    rules = copy.deepcopy(config["rules"])
    relative, expected = rules["relativeTime"], rules["expected"]
    today = today_in(rules.get("timezone"))
    start = resolve_phrase(relative["from"], today)
    if "to" not in relative:
        key = "time" if "time" in expected else next(iter(expected))
        expected[key] = format_date(expected[key], start)
        return rules
    end = resolve_phrase(relative["to"], today, after=start)
    if relative["from"].endswith(" split"):
        keys = list(expected)
        half = len(keys) // 2
        for index, key in enumerate(keys):
            expected[key] = format_date(expected[key], start if index < half else end)
    else:
        expected["from"] = format_date(expected["from"], start)
        expected["to"] = format_date(expected["to"], end)
    return rules
