"""Browser, Thunderbird, VLC and GNOME metrics, value rules and the relative-time getter."""

from datetime import date

import pytest

from deskpilot.evals.errors import Unsupported
from deskpilot.evals.getters.relative_time import format_date, resolve_phrase, rule_relative_time
from deskpilot.evals.metrics import apps, chrome, rules


def test_value_rules_and_urls():
    assert rules.match_value_to_rule(5, {"method": "range.te", "ref": [4, 5]})
    assert not rules.match_value_to_rule(4, {"method": "range.te", "ref": [4, 5]})
    assert rules.match_value_to_rule('"a,b"', {"method": "str_set_eq", "ref": ["b", "a"]})
    assert not rules.match_value_to_rule("a,b", {"method": "str_list_eq", "ref": ["b", "a"]})
    assert rules.match_value_to_rule("Hello", {"method": "re.I", "ref": "^hel"})
    with pytest.raises(Unsupported):
        rules.match_value_to_rule(1, {"method": "bogus", "ref": 1})
    assert rules.same_url("https://www.Example.com/", "http://example.com") is False  # schemes differ
    assert rules.same_url("https://www.Example.com/", "https://example.com")
    assert rules.same_items([1, 2], [2, 1], lambda a, b: a == b)


def test_url_and_tab_metrics():
    assert (
        chrome.is_expected_url_pattern_match(
            {"url": "chrome://settings/appearance"}, {"expected": ["^chrome://settings/appearance/?$"]}
        )
        == 1.0
    )
    assert (
        chrome.is_expected_url_pattern_match("chrome://settings/privacy", {"expected": ["appearance"]}) == 0.0
    )
    assert chrome.is_expected_url_pattern_match(None, {"expected": []}) == 0.0
    rule = {"type": "url", "url": "https://www.example.com/a?x=1"}
    assert chrome.is_expected_active_tab({"url": "https://example.com/a?x=1"}, rule) == 1.0
    assert chrome.is_expected_active_tab("https://example.com/b", rule) == 0.0
    assert chrome.is_expected_active_tab_approximate("https://www.example.com/a?y=2", rule) == 1.0
    assert chrome.is_expected_active_tab_approximate("https://www.example.com/b", rule) == 0.0
    tabs = [{"url": "https://a.org/"}, {"url": "https://www.b.org"}]
    assert chrome.is_expected_tabs(tabs, {"type": "url", "urls": ["https://b.org", "https://a.org"]}) == 1.0
    assert chrome.is_expected_tabs(tabs, {"type": "url", "urls": ["https://a.org"]}) == 0.0
    assert (
        chrome.is_expected_search_query({"url": "https://s.com/?q=cats"}, {"expect": {"pattern": "q=cats"}})
        == 1.0
    )
    assert (
        chrome.is_expected_search_query({"url": "https://s.com/?q=dogs"}, {"expect": {"pattern": "q=cats"}})
        == 0.0
    )


def test_profile_metrics():
    marks = {
        "bookmark_bar": {
            "children": [
                {
                    "type": "folder",
                    "name": "Liked Authors",
                    "children": [{"type": "url", "url": "https://x.org/a"}],
                },
                {"type": "url", "name": "News", "url": "https://news.org/"},
            ]
        }
    }
    assert (
        chrome.is_expected_bookmarks(
            marks, {"type": "bookmark_bar_folders_names", "names": ["Liked Authors"]}
        )
        == 1.0
    )
    assert (
        chrome.is_expected_bookmarks(marks, {"type": "bookmark_bar_folders_names", "names": ["Other"]}) == 0.0
    )
    assert (
        chrome.is_expected_bookmarks(
            marks, {"type": "bookmark_bar_websites_urls", "urls": ["https://news.org/"]}
        )
        == 1.0
    )
    liked = {"type": "liked_authors_websites_urls", "urls": [["https://x.org/a", "https://x.org/b"]]}
    assert chrome.is_expected_bookmarks(marks, liked) == 1.0
    assert chrome.is_expected_bookmarks(marks, {**liked, "urls": ["https://x.org/b"]}) == 0.0
    assert chrome.is_expected_bookmarks([], liked) == 0.0
    cookies = [(0, ".amazon.com", "id"), (0, "example.org", "id")]
    assert chrome.is_cookie_deleted(cookies, {"type": "domains", "domains": [".google.com"]}) == 1.0
    assert chrome.is_cookie_deleted(cookies, {"type": "domains", "domains": [".amazon.com"]}) == 0.0
    history = [("https://www.amazon.com/cart", "Cart", 1)]
    assert chrome.check_history_deleted(history, {"type": "keywords", "keywords": ["youtube"]}) == 1.0
    assert chrome.check_history_deleted(history, {"type": "keywords", "keywords": ["amazon"]}) == 0.0
    shortcuts = {"x.desktop": "[Desktop Entry]\nName=Gmail\n"}
    assert chrome.is_shortcut_on_desktop(shortcuts, {"type": "name", "name": "Gmail"}) == 1.0
    assert chrome.is_shortcut_on_desktop(shortcuts, {"type": "name", "name": "Drive"}) == 0.0
    assert chrome.check_font_size({"default_font_size": 20}, {"type": "range", "min": 16, "max": 99}) == 1.0
    assert chrome.check_font_size({"default_font_size": 16}, {"type": "value", "value": 20}) == 0.0
    assert chrome.is_expected_installed_extensions(["A", "B"], {"expected": ["A"]}) == 1.0
    assert chrome.is_expected_installed_extensions(["B"], {"expected": ["A"]}) == 0.0
    assert chrome.is_added_to_steam_cart({"content": "Cart: Dota 2"}, {"items": ["Dota 2"]}) == 1.0
    assert chrome.is_added_to_steam_cart({"content": "Cart: empty"}, {"items": ["Dota 2"]}) == 0.0


def test_thunderbird(tmp_path):
    prefs = tmp_path / "prefs.js"
    prefs.write_text(
        'user_pref("mail.spam.manualMark", true);\nuser_pref("mailnews.start_page.enabled", false);\n'
    )
    expect = {"expect": {"mail.spam.manualMark": {"method": "eq", "ref": True}}}
    assert apps.check_thunderbird_prefs(str(prefs), expect) == 1.0
    assert (
        apps.check_thunderbird_prefs(str(prefs), {"expect": {"mail.x": {"method": "eq", "ref": True}}}) == 0.0
    )
    assert (
        apps.check_thunderbird_prefs(
            str(prefs), {"unexpect": {"mailnews.start_page.enabled": {"method": "eq", "ref": False}}}
        )
        == 0.0
    )
    filters = tmp_path / "msgFilterRules.dat"
    filters.write_text(
        'version="9"\nname="Spam"\nenabled="yes"\ntype="17"\naction="Move to folder"\n'
        'actionValue="mailbox://nobody@Local%20Folders/Spam"\ncondition="AND (subject,contains,discount)"\n'
    )
    rule = {"expect": [{"name": "Spam", "enabled": "yes", "condition": ["AND (subject,contains,discount)"]}]}
    assert apps.check_thunderbird_filter(str(filters), rule) == 1.0
    assert apps.check_thunderbird_filter(str(filters), {"expect": [{"name": "Other"}]}) == 0.0
    box, gold = tmp_path / "Inbox", tmp_path / "gold"
    box.write_text("FROM - Mon\nSubject: a\n\nFROM - Tue\nX-Mozilla-Status: 0009\nSubject: gone\n")
    gold.write_text("FROM - Mon\nSubject: a\n")
    assert apps.check_thunderbird_folder(str(box), str(gold)) == 1.0
    gold.write_text("FROM - Mon\nSubject: b\n")
    assert apps.check_thunderbird_folder(str(box), str(gold)) == 0.0


def test_vlc_and_gnome(tmp_path):
    vlcrc = tmp_path / "vlcrc"
    vlcrc.write_text(
        "[qt]\n#qt-bgcone=1\nqt-bgcone=0\nqt-max-volume=200\ninput-record-path=/home/user/Desktop\n"
    )
    assert apps.check_qt_bgcone(str(vlcrc), {"expected_qt_bgcone": 0}) == 1.0
    assert apps.check_qt_max_volume(str(vlcrc), {"expected_qt_max_volume": 125}) == 0.0
    assert apps.check_qt_minimal_view(str(vlcrc), {"expected_qt_minimal_view": 0}) == 1.0  # default
    assert apps.check_play_and_exit(str(vlcrc), {"expected_play_and_exit": 1}) == 0.0
    assert apps.is_vlc_recordings_folder(str(vlcrc), {"recording_file_path": "/home/user/Desktop"}) == 1.0
    assert apps.check_qt_slider_colours(str(vlcrc), {"type": "blackish"}) == 0.0
    status = tmp_path / "status.xml"
    status.write_text(
        '<root><state>playing</state><information><category name="meta">'
        '<info name="filename">song.mp3</info></category></information></root>'
    )
    assert apps.is_vlc_playing(str(status), {"type": "file_name", "file_name": "song.mp3"}) == 1.0
    assert apps.is_vlc_playing(str(status), {"type": "file_name", "file_name": "other.mp3"}) == 0.0
    assert apps.is_vlc_fullscreen({"width": 800, "height": 600}, {"width": 800, "height": 600}) == 1.0
    assert apps.is_vlc_fullscreen({"width": 800, "height": 600}, {"width": 640, "height": 480}) == 0.0
    assert (
        apps.check_gnome_favorite_apps(
            "['a.desktop', 'b.desktop']\n", {"expected": ["b.desktop", "a.desktop"]}
        )
        == 1.0
    )
    assert apps.check_gnome_favorite_apps("['a.desktop']", {"expected": ["b.desktop"]}) == 0.0
    timedatectl = "Local time: x\nUniversal time: y\nRTC time: z\nTime zone: Etc/UTC (UTC, +0000)\n"
    assert apps.is_utc_0(timedatectl) == 1.0
    assert apps.is_utc_0(timedatectl.replace("+0000", "+0100")) == 0.0
    folder = {"type": "directory", "name": "d", "children": [{"type": "file", "name": "a.jpg"}]}
    assert apps.check_moved_jpgs(folder, {"expected": ["a.jpg"]}) == 1.0
    assert apps.check_moved_jpgs(folder, {"expected": ["b.jpg"]}) == 0.0
    assert apps.is_in_vm_clickboard({"expected": "secret.docx"}, "/home/x/secret.docx") == 1.0
    assert apps.is_in_vm_clickboard({"expected": ["a", "z"]}, "abc") == 0.0


def test_relative_time():
    wednesday = date(2026, 1, 7)
    assert resolve_phrase("tomorrow", wednesday) == date(2026, 1, 8)
    assert resolve_phrase("next Monday", wednesday) == date(2026, 1, 12)
    assert resolve_phrase("next Monday", date(2026, 1, 12)) == date(2026, 1, 19)
    assert resolve_phrase("next Friday split", wednesday, after=date(2026, 1, 12)) == date(2026, 1, 16)
    assert resolve_phrase("next week Saturday", wednesday) == date(2026, 1, 17)
    assert resolve_phrase("10th next month", date(2026, 12, 20)) == date(2027, 1, 10)
    assert resolve_phrase("first monday eight months later", wednesday) == date(2026, 9, 7)
    with pytest.raises(Unsupported):
        resolve_phrase("a fortnight hence", wednesday)
    assert (
        format_date("{DoW}, {Month} {Day0D}, {Year} {MonthD}/{DayD}", date(2026, 1, 7))
        == "Wed, Jan 07, 2026 1/7"
    )
    config = {
        "rules": {
            "relativeTime": {"from": "next Monday split", "to": "next Friday split"},
            "expected": {"puDay": "{DayD}", "puMonth": "{MonthD}", "doDay": "{DayD}", "doMonth": "{MonthD}"},
        }
    }
    filled = rule_relative_time(None, config)["expected"]
    assert config["rules"]["expected"]["puDay"] == "{DayD}"  # the task is not modified
    start, end = resolve_phrase("next Monday", date.today()), None
    end = resolve_phrase("next Friday", date.today(), after=start)
    assert filled == {
        "puDay": str(start.day),
        "puMonth": str(start.month),
        "doDay": str(end.day),
        "doMonth": str(end.month),
    }


def test_relative_time_fills_lists_of_alternatives():
    config = {
        "rules": {"relativeTime": {"from": "next Monday"}, "expected": {"time": ["{Year}-{Month0D}-{Day0D}"]}}
    }
    day = resolve_phrase("next Monday", date.today())
    assert rule_relative_time(None, config)["expected"]["time"] == [day.isoformat()]
