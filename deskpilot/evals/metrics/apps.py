"""Metrics on app state: Thunderbird prefs, filters and folders; VLC status and config; GNOME/OS settings.

Semantics follow OSWorld's metrics/thunderbird.py, vlc.py and basic_os.py in xlang-ai/OSWorld (read in the
karakuri-ai/OSWorld-JP mirror; check_thunderbird_folder as fixed upstream, `if not mail.strip()`); our
own code.
"""

from __future__ import annotations

import ast
import json
import re
import xml.etree.ElementTree as ET

from deskpilot.evals.errors import Unsupported
from deskpilot.evals.metrics.config import ini_value
from deskpilot.evals.metrics.rules import match_record, match_value_to_rule

PREF = re.compile(r'^user_pref\("(?P<key>(?:[^"]|\\")+)", (?P<val>.+)\);$')
FILTER_CONDITION = re.compile(
    r"\b(?:AND|OR) \((?:[\w ]+),(?:[\w ']+),(?:\"(?:(?:[^\"]|\")+)\"|(?:[^)]+))\)|\bALL\b"
)


def _lines(path) -> list[str] | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()
    except (OSError, TypeError):
        return None


def check_thunderbird_prefs(result, rules: dict) -> float:
    """prefs.js: every `expect` pref is set and matches its value rule; no `unexpect` pref matches."""
    lines = _lines(result) if result else None
    if lines is None:
        return 0.0
    expect, unexpect = rules.get("expect", {}), rules.get("unexpect", {})
    met = dict.fromkeys(expect, False)
    for line in lines:
        match = PREF.match(line.strip())
        if not match:
            continue
        key = match.group("key")
        try:
            value = json.loads(match.group("val"))
        except ValueError:
            continue
        if key in expect:
            met[key] = match_value_to_rule(value, expect[key])
        elif key in unexpect and match_value_to_rule(value, unexpect[key]):
            return 0.0
    return float(all(met.values()))


def _unquote(value: str) -> str:
    return value.replace('\\"', '"').replace("\\\\", "\\")


def _filters(lines: list[str]) -> list[dict]:
    """msgFilterRules.dat: name="..." starts a filter; its condition line ends it."""
    filters, current = [], {}
    for line in lines:
        key, _, raw = line.partition("=")
        if key not in ("name", "enabled", "type", "action", "actionValue", "condition"):
            continue
        value = _unquote(raw[1:-1] if raw.startswith('"') and raw.endswith('"') else raw)
        if key == "name":
            current = {"name": value}
        elif key == "condition":
            current["condition"] = FILTER_CONDITION.findall(value)
            filters.append(current)
        else:
            current[key] = value
    return filters


def check_thunderbird_filter(result, rules: dict) -> float:
    """Each `expect` record matches some filter; no `unexpect` record matches any."""
    lines = _lines(result) if result else None
    if lines is None:
        return 0.0
    filters = _filters(lines)
    return float(
        all(any(match_record(r, f) for f in filters) for r in rules.get("expect", []))
        and not any(match_record(r, f) for r in rules.get("unexpect", []) for f in filters)
    )


def _mbox_messages(path, options: dict) -> str:
    with open(path, encoding="utf-8", errors="replace") as f:
        data = f.read().strip()
    messages = []
    for mail in data.split("FROM - "):
        if not mail.strip():
            continue
        if options.get("remove_deleted", True) and re.search(r"X-Mozilla-Status: 000[89]", mail):
            continue
        if options.get("ignore_status"):
            mail = re.sub(r"X-Mozilla-Status\d?:[\s\d]+", "", mail)
        if options.get("ignore_keys"):
            mail = re.sub(r"(X-Mozilla-Keys:[^\n]*?)\n(MIME-Version)", r"\2", mail)
        messages.append("FROM - " + mail.strip())
    if options.get("remove_duplicate", True):
        messages = list(set(messages))
    return "\n".join(sorted(messages))


def check_thunderbird_folder(result, expected, **options) -> float:
    """Each mail folder file holds the same messages (split at "FROM - "), deleted ones dropped
    (remove_deleted), duplicates merged (remove_duplicate), optionally ignoring status and keys."""
    results = result if isinstance(result, list) else [result]
    expecteds = expected if isinstance(expected, list) else [expected]
    for got, want in zip(results, expecteds, strict=False):
        if not got:
            return 0.0
        try:
            if _mbox_messages(got, options) != _mbox_messages(want, options):
                return 0.0
        except OSError:
            return 0.0
    return 1.0


# VLC
def is_vlc_playing(result, rules: dict) -> float:
    """VLC's status.xml says "playing" and its meta filename (type file_name) or url (type url) ends
    with the expected one."""
    if not result:
        return 0.0
    try:
        root = ET.parse(result).getroot()
    except (OSError, ET.ParseError):
        return 0.0
    if root.findtext("state") != "playing":
        return 0.0
    kind = rules["type"]
    if kind not in ("file_name", "url"):
        return 0.0
    name = "filename" if kind == "file_name" else "url"
    info = root.find(f'information/category[@name="meta"]/info[@name="{name}"]')
    return float(info is not None and bool(info.text) and info.text.endswith(rules[kind]))


def is_vlc_recordings_folder(result, rules: dict) -> float:
    if not result:
        return 0.0
    return float(ini_value(result, "input-record-path", "") == rules["recording_file_path"])


def is_vlc_fullscreen(result, expected) -> float:
    """The window's size equals the screen's."""
    if not result or not expected:
        return 0.0
    return float(result["width"] == expected["width"] and result["height"] == expected["height"])


def _vlc_setting(key: str, default: str, rule_key: str):
    def metric(result, rules: dict) -> float:
        if not result:
            return 0.0
        return float(ini_value(result, key, default) == str(rules[rule_key]))

    return metric


check_qt_bgcone = _vlc_setting("qt-bgcone", "1", "expected_qt_bgcone")
check_qt_max_volume = _vlc_setting("qt-max-volume", "125", "expected_qt_max_volume")
check_qt_minimal_view = _vlc_setting("qt-minimal-view", "0", "expected_qt_minimal_view")
check_one_instance_when_started_from_file = _vlc_setting(
    "one-instance-when-started-from-file", "1", "expected_one_instance_when_started_from_file"
)
check_play_and_exit = _vlc_setting("play-and-exit", "0", "expected_play_and_exit")  # upstream's newer vlc.py


def check_qt_slider_colours(result, rules: dict) -> float:
    """type match: qt-slider-colours equals the expected string; type blackish: every RGB triple of it
    is below 100 in each channel."""
    if not result:
        return 0.0
    colours = ini_value(result, "qt-slider-colours", "153;210;153;20;210;20;255;199;15;245;39;29")
    if rules["type"] == "match":
        return float(colours == rules["expected_qt_slider_colours"])
    if rules["type"] == "blackish":
        values = [int(v) for v in colours.split(";") if v.strip()]
        return float(bool(values) and all(v < 100 for v in values))
    raise Unsupported(f"check_qt_slider_colours type {rules['type']!r}")


def check_global_key_play_pause(result, rules: dict) -> float:
    """global-key-play-pause is set to some key ("1") or empty ("0")."""
    if not result:
        return 0.0
    state = "1" if ini_value(result, "global-key-play-pause", "") else "0"
    return float(state == str(rules["expected_global_key_play_pause"]))


# OS / GNOME.
def check_gnome_favorite_apps(result, rules: dict) -> float:
    """gsettings' favorite-apps list (its printed form) holds exactly the expected apps."""
    try:
        apps = ast.literal_eval((result or "").strip().removeprefix("@as "))
    except (ValueError, SyntaxError):
        return 0.0
    expected = rules["expected"]
    return float(isinstance(apps, list) and len(apps) == len(expected) and set(apps) == set(expected))


def is_utc_0(result) -> float:
    """timedatectl's fourth line (Time zone) ends with +0000)."""
    lines = (result or "").split("\n")
    return float(len(lines) > 3 and lines[3].rstrip().endswith("+0000)"))


def check_moved_jpgs(result, rules: dict) -> float:
    """The folder (a list_directory tree) holds exactly the expected file names."""
    if not result:
        return 0.0
    names = [child["name"] for child in result.get("children", [])]
    return float(len(names) == len(rules["expected"]) and set(names) == set(rules["expected"]))


def is_in_vm_clickboard(rules: dict, result) -> float:
    """The clipboard text holds the expected string (or all of the expected list). OSWorld passes the
    rule first and the clipboard second."""
    expected = rules["expected"]
    result = result or ""
    return float(all(e in result for e in expected) if isinstance(expected, list) else expected in result)


METRICS = {
    "check_thunderbird_prefs": check_thunderbird_prefs,
    "check_thunderbird_filter": check_thunderbird_filter,
    "check_thunderbird_folder": check_thunderbird_folder,
    "is_vlc_playing": is_vlc_playing,
    "is_vlc_recordings_folder": is_vlc_recordings_folder,
    "is_vlc_fullscreen": is_vlc_fullscreen,
    "check_qt_bgcone": check_qt_bgcone,
    "check_qt_max_volume": check_qt_max_volume,
    "check_qt_minimal_view": check_qt_minimal_view,
    "check_qt_slider_colours": check_qt_slider_colours,
    "check_global_key_play_pause": check_global_key_play_pause,
    "check_one_instance_when_started_from_file": check_one_instance_when_started_from_file,
    "check_play_and_exit": check_play_and_exit,
    "check_gnome_favorite_apps": check_gnome_favorite_apps,
    "is_utc_0": is_utc_0,
    "check_moved_jpgs": check_moved_jpgs,
    "is_in_vm_clickboard": is_in_vm_clickboard,
}
