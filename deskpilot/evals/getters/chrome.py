"""Chrome getters: profile files (Preferences, Bookmarks, History, Cookies) and the live browser over CDP.

OSWorld reads ~/.config/google-chrome/Default and talks to Chrome on port 9222 (getters/chrome.py in
xlang-ai/OSWorld, read in the karakuri-ai/OSWorld-JP mirror; chrome_appearance_mode_ui from upstream's
April 2026 chrome.py). Here `google-chrome` is a wrapper around Debian's Chromium that uses the same
profile folder and the desktop's own debugging port (`env.chrome_port`, see deskpilot/evals/vm.py), and
the live getters use Playwright's connect_over_cdp. Our own code.
"""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from deskpilot.evals.errors import NeedsNetwork, Unsupported

PROFILE = ".config/google-chrome"
RECREATION = "https://www.recreation.gov/"
INTERNAL = (
    "devtools://",
    "chrome://new-tab-page-third-party",
    "chrome-untrusted://",
)  # not tabs  # under the desktop's HOME, as on OSWorld's VM
PAGE_TIMEOUT_MS = 30000
DEFAULT_FONT_SIZES = {"default_fixed_font_size": 13, "default_font_size": 16}


def profile_dir(env) -> Path:
    return env.home / PROFILE


def _preferences(env) -> dict | None:
    try:
        return json.loads((profile_dir(env) / "Default/Preferences").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def default_search_engine(env, config: dict) -> str:
    data = _preferences(env) or {}
    return (
        data.get("default_search_provider_data", {}).get("template_url_data", {}).get("short_name", "Google")
    )


def profile_name(env, config: dict):
    return (_preferences(env) or {}).get("profile", {}).get("name")


def chrome_font_size(env, config: dict) -> dict:
    data = _preferences(env)
    if data is None:
        return dict(DEFAULT_FONT_SIZES)
    return data.get("webkit", {}).get("webprefs", {**DEFAULT_FONT_SIZES, "minimum_font_size": 13})


def chrome_language(env, config: dict) -> str:
    try:
        state = json.loads((profile_dir(env) / "Local State").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "en-US"
    return state.get("intl", {}).get("app_locale", "en-US")


def enable_do_not_track(env, config: dict) -> str:
    return "true" if (_preferences(env) or {}).get("enable_do_not_track") else "false"


def enable_safe_browsing(env, config: dict) -> str:
    """Enhanced safe browsing on (OSWorld's get_enable_enhanced_safety_browsing)."""
    return "true" if (_preferences(env) or {}).get("safebrowsing", {}).get("enhanced") else "false"


def new_startup_page(env, config: dict) -> str:
    """ "true" when Chrome opens the New Tab page at start-up (restore_on_startup 5, or unset)."""
    data = _preferences(env)
    if data is None:
        return "Google"  # OSWorld's value when the file cannot be read
    if "session" not in data:
        return "true"
    return "true" if data["session"].get("restore_on_startup") == 5 else "false"


def data_delete_automacally(env, config: dict) -> str:
    """ "true" when the profile has default content settings (OSWorld's check, name spelled as upstream)."""
    data = _preferences(env)
    if data is None or "profile" not in data:
        return "Google"
    return "true" if data["profile"].get("default_content_setting_values") is not None else "false"


def _extension_settings(env) -> dict:
    return (_preferences(env) or {}).get("extensions", {}).get("settings", {})


def find_unpacked_extension_path(env, config: dict) -> list[str]:
    return [s["path"] for s in _extension_settings(env).values() if "path" in s]


def find_installed_extension_name(env, config: dict) -> list[str]:
    return [
        s["manifest"]["name"] for s in _extension_settings(env).values() if "name" in s.get("manifest", {})
    ]


COLOR_SCHEMES = {0: "system", 1: "light", 2: "dark", "0": "system", "1": "light", "2": "dark"}


def chrome_appearance_mode_ui(env, config: dict) -> str:
    """ "light", "dark" or "system" from Preferences (browser.theme.color_scheme2, else color_scheme;
    extensions.theme.system_theme 0 means light), as upstream's fallback reads it."""
    data = _preferences(env) or {}
    if data.get("extensions", {}).get("theme", {}).get("system_theme") in (0, "0", False):
        return "light"
    theme = data.get("browser", {}).get("theme", {})
    raw = theme.get("color_scheme2", theme.get("color_scheme"))
    if isinstance(raw, str):
        raw = raw.strip().lower()
        return raw if raw in ("light", "dark", "system") else COLOR_SCHEMES.get(raw, "system")
    return COLOR_SCHEMES.get(raw, "system")


def bookmarks(env, config: dict):
    """The "roots" of the Bookmarks file ([] when there is none)."""
    try:
        return json.loads((profile_dir(env) / "Default/Bookmarks").read_text(encoding="utf-8")).get(
            "roots", {}
        )
    except (OSError, ValueError):
        return []


def _query_copy(env, config: dict, name: str, sql: str):
    """Rows of a query on a copy of a profile database (Chrome keeps the original locked)."""
    source = profile_dir(env) / "Default" / name
    if not source.exists():
        return None
    copy = env.cache_dir / config.get("dest", name)
    shutil.copyfile(source, copy)
    connection = sqlite3.connect(copy)
    try:
        return connection.execute(sql).fetchall()
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def history(env, config: dict):
    return _query_copy(env, config, "History", "SELECT url, title, last_visit_time FROM urls")


def cookie_data(env, config: dict):
    return _query_copy(env, config, "Cookies", "SELECT * FROM cookies")


def shortcuts_on_desktop(env, config: dict) -> dict:
    """{file name: text} of the .desktop files on ~/Desktop."""
    desktop = env.home / "Desktop"
    if not desktop.is_dir():
        return {}
    return {p.name: p.read_text(encoding="utf-8", errors="replace") for p in desktop.glob("*.desktop")}


# Live browser over CDP.
@contextmanager
def _browser(env):
    """Playwright connected to the desktop's Chrome; None when it is not running."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.connect_over_cdp(
                f"http://127.0.0.1:{env.chrome_port}", timeout=10000
            )
        except Error:
            yield None
            return
        try:
            yield browser
        finally:
            browser.close()  # disconnects; the browser keeps running


def _pages(browser) -> list:
    return [page for context in browser.contexts for page in context.pages]


def _recent_urls(env) -> list[str]:
    """Page URLs from Chrome's /json/list, which lists targets by last activity, most recent first
    (DevToolsHttpHandler sorts them by GetLastActivityTime)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"http://127.0.0.1:{env.chrome_port}/json/list", timeout=10) as response:
            targets = json.loads(response.read())
    except OSError:
        return []
    return [t["url"] for t in targets if t.get("type") == "page" and not t["url"].startswith(INTERNAL)]


def _active_page(env, browser):
    """The tab the user looks at: the most recently active visible page."""
    pages = [p for p in _pages(browser) if not p.url.startswith(INTERNAL)]
    for url in _recent_urls(env):
        for page in (p for p in pages if p.url == url):
            try:
                if page.evaluate("document.visibilityState") == "visible":
                    return page
            except Exception:  # a page that is navigating or crashed
                continue
    return pages[-1] if pages else None


def active_url(env, config: dict) -> str | None:
    """The active tab's URL (OSWorld reads the address bar over AT-SPI and prefixes `goto_prefix`; the
    URL from CDP is already complete)."""
    if env.chrome_port is None:
        return None
    with _browser(env) as browser:
        page = _active_page(env, browser) if browser else None
        return page.url if page else None


def open_tabs_info(env, config: dict) -> list[dict]:
    """[{"title", "url"}] of every open tab ([] when Chrome is not running)."""
    if env.chrome_port is None:
        return []
    with _browser(env) as browser:
        if browser is None:
            return []
        tabs = []
        for page in _pages(browser):
            try:
                page.wait_for_load_state("load", timeout=PAGE_TIMEOUT_MS)
                tabs.append({"title": page.title(), "url": page.url})
            except Exception:
                tabs.append({"title": "Load timeout", "url": page.url})
        return tabs


def _visit(env, url: str) -> dict | None:
    """{"title", "url", "content"} of `url` loaded in a new tab (None when Chrome is not running)."""
    with _browser(env) as browser:
        if browser is None or not browser.contexts:
            return None
        page = browser.contexts[0].new_page()
        try:
            page.goto(url, timeout=PAGE_TIMEOUT_MS)
            page.wait_for_load_state("load", timeout=PAGE_TIMEOUT_MS)
            return {"title": page.title(), "url": page.url, "content": _content(page)}
        except Exception:
            return {"title": "Load timeout", "url": page.url, "content": _content(page)}


def _content(page) -> str:
    """The page's HTML; a page still navigating (redirects) is given time to settle once."""
    try:
        return page.content()
    except Exception:
        page.wait_for_load_state("load", timeout=PAGE_TIMEOUT_MS)
        return page.content()


def active_tab_info(env, config: dict):
    """The active tab's page reloaded in a new tab: {"title", "url", "content"}."""
    url = active_url(env, config)
    return _visit(env, url) if url else None


def page_info(env, config: dict):
    return _visit(env, config["url"]) if env.chrome_port is not None else None


def active_tab_html_parse(env, config: dict) -> dict | None:
    """Texts from the active tab picked by `category`: class (class_singleObject / class_multiObject),
    label (labelObject), xpath (xpathObject) or input (inputObject, input values)."""
    url = active_url(env, config)
    if not url:
        return None
    with _browser(env) as browser:
        pages = [p for p in _pages(browser) if urllib.parse.unquote(p.url) == urllib.parse.unquote(url)]
        if not pages:
            return {}
        page, found = pages[0], {}

        def texts(selector: str) -> list[str]:
            return [(e.text_content() or "").strip() for e in page.query_selector_all(selector)]

        category = config["category"]
        if category == "class":
            for name, by_rank in config.get("class_multiObject", {}).items():
                values = texts("." + name)
                for rank, key in by_rank.items():
                    if int(rank) < len(values):
                        found[key] = values[int(rank)]
            for name, key in config.get("class_singleObject", {}).items():
                values = texts("." + name)
                if values:
                    found[key] = values[0]
        elif category == "label":
            for label, key in config.get("labelObject", {}).items():
                text = (page.locator(f"text={label}").first.text_content() or "").strip()
                if text:
                    found[key] = text
        elif category in ("xpath", "input"):
            objects = config.get("xpathObject" if category == "xpath" else "inputObject", {})
            for xpath, key in objects.items():
                located = page.locator(f"xpath={xpath}")
                if located.count():
                    first = located.first
                    found[key] = (
                        (first.text_content() or "").strip()
                        if category == "xpath"
                        else first.input_value().strip()
                    )
        elif category == "class&url":
            _class_and_url(page, config, found, url)
        else:
            raise Unsupported(f"active_tab_html_parse category {category!r}")
        return found


def _class_and_url(page, config: dict, found: dict, url: str) -> None:
    """Upstream's newer "class&url" category: each expected filter shown as an element of the class
    (`class_multiObject`, or list items of `class_multiObject_li`) or named in the URL becomes
    found[name.lower()] = True; is_other_exist says whether some other filter is shown."""
    shown: list[str] = []
    wanted: list[str] = []
    for name, items in config.get("class_multiObject", {}).items():
        shown += [(e.text_content() or "").strip() for e in page.query_selector_all("." + name)]
        wanted += items
    for name, items in config.get("class_multiObject_li", {}).items():
        for element in page.query_selector_all(f".{name} li.catAllProducts"):
            span = element.query_selector("span")
            if span:
                shown.append(span.inner_text().strip())
        wanted += items
    lowered = [text.lower() for text in shown]
    for item in wanted:
        if item.lower() in lowered:
            found[item.lower()] = True
    found["is_other_exist"] = any(all(t not in item.lower() for item in wanted) for t in lowered)
    address = urllib.parse.unquote_plus(url).lower()
    for item in config.get("url_include_expected", []):
        if item.lower() in address:
            found[item.lower()] = True


def active_tab_url_parse(env, config: dict) -> dict | None:
    """Query parameters `parse_keys` of the active URL ("" when absent), renamed by `replace`."""
    url = active_url(env, config)
    if url is None:
        return None
    query = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
    found = {key: query.get(key, [""])[0] for key in config["parse_keys"]}
    for old, new in config.get("replace", {}).items():
        found[new] = found.pop(old)
    return found


def url_dash_part(env, config: dict):
    """One "/"-separated part of the active URL (`partIndex`), without its query with needDeleteId;
    returned as a string or {key: part} (returnType json)."""
    url = active_url(env, config)
    if url is None:
        return None
    part = url.split("/")[config["partIndex"]]
    if config.get("needDeleteId"):
        part = part.split("?")[0]
    return {config["key"]: part} if config["returnType"] == "json" else part


def url_path_parse(env, config: dict) -> dict | None:
    """Which `parse_keys` appear in the active URL's path, and their values: a path segment equal to a
    key gives True; "key=value" or a query parameter gives its value (upstream's newer chrome.py reads
    the same site's URLs this way)."""
    url = active_url(env, config)
    if url is None:
        return None
    parsed = urllib.parse.urlparse(url)
    segments = [urllib.parse.unquote(s) for s in parsed.path.split("/") if s]
    query = {k: v[0] for k, v in urllib.parse.parse_qs(parsed.query).items()}
    found = {}
    for key in config["parse_keys"]:
        if key in segments:
            found[key] = True
        elif key in query:
            found[key] = query[key]
        else:
            pairs = [s.split("=", 1)[1] for s in segments if s.startswith(key + "=")]
            found[key] = pairs[0] if pairs else None
    return found


def info_from_website(env, config: dict):
    """Texts or attributes read from `url` by each of `infos` ({action, selector, attribute}); `backups`
    when anything fails."""
    try:
        with _browser(env) as browser:
            page = browser.contexts[0].new_page()
            page.goto(config["url"], timeout=PAGE_TIMEOUT_MS)
            infos = []
            for info in config.get("infos", []):
                if page.url != config["url"]:
                    page.goto(config["url"], timeout=PAGE_TIMEOUT_MS)
                action = info.get("action", "inner_text")
                selectors = info["selector"] if isinstance(info["selector"], list) else [info["selector"]]
                if action.startswith("click_and_"):
                    for selector in selectors[:-1]:
                        page.wait_for_selector(selector, state="attached", timeout=10000).click()
                        page.wait_for_load_state("load")
                element = page.wait_for_selector(selectors[-1], state="attached", timeout=10000)
                if action.endswith("inner_text"):
                    infos.append(element.inner_text())
                elif action.endswith("attribute"):
                    infos.append(element.get_attribute(info["attribute"]))
                else:
                    raise Unsupported(f"info_from_website action {action!r}")
            return infos
    except Unsupported:
        raise
    except Exception:
        return config.get("backups")


def pdf_from_url(env, config: dict) -> str:
    """The page at `path` printed to PDF by the desktop's Chrome, saved as `dest` in the cache."""
    target = env.cache_dir / config["dest"]
    with _browser(env) as browser:
        if browser is None:
            raise FileNotFoundError("Chrome is not running")
        page = browser.contexts[0].new_page()
        page.goto(config["path"], timeout=PAGE_TIMEOUT_MS)
        cdp = page.context.new_cdp_session(page)
        data = cdp.send("Page.printToPDF", {})["data"]
        target.write_bytes(base64.b64decode(data))
    return str(target)


def goto_recreation_page(env, config: dict) -> dict:
    """OSWorld's recreation.gov scenario: search "Albion Basin", open the first result, press "next
    available" and read the text of `class` (at `order`, if given)."""
    with _browser(env) as browser:
        if browser is None:
            raise FileNotFoundError("Chrome is not running")
        page = browser.new_page()
        try:
            page.goto(RECREATION, timeout=PAGE_TIMEOUT_MS)
        except Exception as exc:
            if "net::ERR_" in str(exc):  # no route to the live site
                raise NeedsNetwork(RECREATION, str(exc).splitlines()[0]) from exc
            raise
        page.fill("input#hero-search-input", "Albion Basin")
        page.click("button.nav-search-button")
        with page.expect_popup() as popup:
            page.click(".search-result-highlight--success")
        result = popup.value
        result.wait_for_load_state()
        result.click("button.next-available")
        if config["selector"] != "class":
            raise Unsupported(f"gotoRecreationPage_and_get_html_content selector {config['selector']!r}")
        elements = result.query_selector_all("." + config["class"])
        element = elements[int(config["order"])] if "order" in config else elements[0]
        return {"expected": {config["class"]: (element.text_content() or "").strip()}}


GETTERS = {
    "default_search_engine": default_search_engine,
    "profile_name": profile_name,
    "chrome_font_size": chrome_font_size,
    "chrome_language": chrome_language,
    "enable_do_not_track": enable_do_not_track,
    "enable_safe_browsing": enable_safe_browsing,
    "new_startup_page": new_startup_page,
    "data_delete_automacally": data_delete_automacally,
    "find_unpacked_extension_path": find_unpacked_extension_path,
    "find_installed_extension_name": find_installed_extension_name,
    "chrome_appearance_mode_ui": chrome_appearance_mode_ui,
    "bookmarks": bookmarks,
    "history": history,
    "cookie_data": cookie_data,
    "shortcuts_on_desktop": shortcuts_on_desktop,
    "active_url_from_accessTree": active_url,
    "open_tabs_info": open_tabs_info,
    "active_tab_info": active_tab_info,
    "page_info": page_info,
    "active_tab_html_parse": active_tab_html_parse,
    "active_tab_url_parse": active_tab_url_parse,
    "url_dashPart": url_dash_part,
    "url_path_parse": url_path_parse,
    "info_from_website": info_from_website,
    "pdf_from_url": pdf_from_url,
    "gotoRecreationPage_and_get_html_content": goto_recreation_page,
}
