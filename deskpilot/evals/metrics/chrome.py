"""Browser metrics: URLs, tabs, bookmarks, history, cookies, desktop shortcuts, settings.

Semantics follow OSWorld's metrics/chrome.py in xlang-ai/OSWorld (read in the karakuri-ai/OSWorld-JP
mirror); our own code.
"""

from __future__ import annotations

import itertools
import re
import urllib.parse

from deskpilot.evals.errors import Unsupported
from deskpilot.evals.metrics.rules import same_items, same_url


def _url(result) -> str | None:
    return result.get("url") if isinstance(result, dict) else result


def is_expected_active_tab(result, rules: dict) -> float:
    """type url: the active tab's URL equals rules["url"] after normalisation."""
    if not result:
        return 0.0
    if rules["type"] != "url":
        return 0.0
    return float(same_url(rules["url"], _url(result)))


def is_expected_active_tab_approximate(result, rules: dict) -> float:
    """type url: the active tab's URL equals rules["url"] once both lose their query string (upstream's
    newer chrome.py)."""
    url = _url(result) if result else None
    if not url or rules["type"] != "url":
        return 0.0

    def strip(value: str) -> str:
        return urllib.parse.urlunparse(urllib.parse.urlparse(value)._replace(query=""))

    return float(strip(rules["url"]) == strip(url))


def is_expected_url_pattern_match(result, rules: dict) -> float:
    """Every regex of rules["expected"] is found in the URL (the result or its "url")."""
    url = _url(result) if result else None
    if not url:
        return 0.0
    return float(all(re.search(pattern, url) for pattern in rules["expected"]))


def is_expected_tabs(result, rules: dict) -> float:
    """type url: the open tabs' URLs equal rules["urls"] as a multiset, after normalisation."""
    if rules["type"] != "url" or result is None:
        return 0.0
    return float(same_items(rules["urls"], [tab["url"] for tab in result], same_url))


def is_expected_bookmarks(result, rules: dict) -> float:
    """Bookmark-bar checks: bookmark_bar_folders_names, bookmark_bar_websites_urls (as sets), or
    liked_authors_websites_urls (the "Liked Authors" folder holds one URL of each alternative list)."""
    if not result:
        return 0.0
    children = result.get("bookmark_bar", {}).get("children", [])
    kind = rules["type"]
    if kind == "bookmark_bar_folders_names":
        return float({b["name"] for b in children if b["type"] == "folder"} == set(rules["names"]))
    if kind == "bookmark_bar_websites_urls":
        return float({b["url"] for b in children if b["type"] == "url"} == set(rules["urls"]))
    if kind == "liked_authors_websites_urls":
        folder = next((b for b in children if b["type"] == "folder" and b["name"] == "Liked Authors"), None)
        if folder is None:
            return 0.0
        urls = {b["url"] for b in folder.get("children", []) if b["type"] == "url"}
        options = [[u] if isinstance(u, str) else u for u in rules["urls"]]
        return float(any(set(combo) == urls for combo in itertools.product(*options)))
    raise Unsupported(f"is_expected_bookmarks type {kind!r}")


def is_expected_search_query(result, rules: dict) -> float:
    """The active tab's URL matches rules["expect"]["pattern"]."""
    url = _url(result) if result else None
    return float(bool(url) and re.search(rules["expect"]["pattern"], url) is not None)


def is_expected_installed_extensions(result, rules: dict) -> float:
    """Every expected extension name is installed."""
    return float(set(rules["expected"]) <= set(result or []))


def is_cookie_deleted(result, rules: dict) -> float:
    """type domains: no cookie row's host (second column) matches a listed domain."""
    if rules["type"] != "domains":
        raise Unsupported(f"is_cookie_deleted type {rules['type']!r}")
    hosts = [row[1] for row in result or []]
    return float(not any(same_url(domain, host) for domain in rules["domains"] for host in hosts))


def check_history_deleted(result, rules: dict) -> float:
    """type keywords: no history URL (first column) contains a keyword."""
    if rules["type"] != "keywords":
        raise Unsupported(f"check_history_deleted type {rules['type']!r}")
    urls = [row[0] for row in result or []]
    return float(not any(k in url for k in rules["keywords"] for url in urls))


def is_shortcut_on_desktop(result, rules: dict) -> float:
    """type name: some .desktop file on the Desktop has the line Name=<name>."""
    if rules["type"] != "name":
        raise Unsupported(f"is_shortcut_on_desktop type {rules['type']!r}")
    return float(any(f"Name={rules['name']}\n" in text for text in (result or {}).values()))


def check_font_size(result, rules: dict) -> float:
    """Chrome's default font size equals rules["value"] (type value) or lies strictly in (min, max)."""
    if not result:
        return 0.0
    size = result["default_font_size"]
    if rules["type"] == "value":
        return float(size == rules["value"])
    if rules["type"] == "range":
        return float(rules["min"] < size < rules["max"])
    raise Unsupported(f"check_font_size type {rules['type']!r}")


def is_added_to_steam_cart(result, rules: dict) -> float:
    """Every item name occurs in the page content."""
    content = (result or {}).get("content", "")
    return float(all(item in content for item in rules["items"]))


METRICS = {
    f.__name__: f
    for f in (
        is_expected_active_tab,
        is_expected_active_tab_approximate,
        is_expected_url_pattern_match,
        is_expected_tabs,
        is_expected_bookmarks,
        is_expected_search_query,
        is_expected_installed_extensions,
        is_cookie_deleted,
        check_history_deleted,
        is_shortcut_on_desktop,
        check_font_size,
        is_added_to_steam_cart,
    )
}
