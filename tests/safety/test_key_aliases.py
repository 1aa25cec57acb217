"""Every spelling of a denied or confirmed chord gets the verdict of its plain form: X keysym names, xdotool
names and the names OpenAI and Gemini send all go through the one key table (deskpilot.core.keys)."""

from __future__ import annotations

import pytest

from deskpilot.core.keys import logical_chord, vendor_key
from deskpilot.core.turns import ToolCall
from deskpilot.providers.openai import computer_action
from deskpilot.safety.policy import ActionContext, Policy

MAIL = {"window_class": "Thunderbird"}

# (plain form, context, spellings in the three vocabularies)
CHORDS = [
    (
        "ctrl+alt+Delete",
        {},
        [
            "ctrl+lalt+Delete", "lctrl+lalt+Delete", "ctrl+ralt+Delete", "ctrl+alt+KP_Delete",
            "Control_R+Alt_R+Delete", "Control_L+Alt_L+Delete", "ctrl+alt+Del", "LCTRL+LALT+DELETE",
            "CTRL+ALT+DELETE", "control+alt+delete", "alt+ctrl+Delete", "rctrl+alt+del", "Ctrl+Alt+Delete",
            "ctrl+shift+alt+Delete", "ctrl+option+Delete",
        ],
    ),
    (
        "ctrl+alt+BackSpace",
        {},
        ["lctrl+lalt+BackSpace", "CTRL+ALT+BACKSPACE", "Control_R+Alt_L+backspace", "ctrl+alt+bksp"],
    ),
    ("ctrl+alt+F1", {}, ["CTRL+ALT+F1", "ctrl+alt+f1", "Control_L+Alt_R+F1", "lctrl+lalt+F1"]),
    (
        "super+Return",
        MAIL,
        ["windows+Return", "Super_R+Return", "Super_L+Return", "win+enter", "CMD+ENTER", "meta+Return",
         "super+KP_Enter", "rsuper+return", "command+Return"],
    ),
    ("ctrl+Return", MAIL, ["CTRL+ENTER", "Control_R+Return", "ctrl+KP_Enter", "rctrl+enter"]),
]  # fmt: skip

CASES = [(plain, ctx, spelling) for plain, ctx, spellings in CHORDS for spelling in spellings]


@pytest.fixture(scope="module")
def policy() -> Policy:
    return Policy.load()


def verdict(policy: Policy, chord: str, context: dict) -> str:
    call = ToolCall("k", "computer", {"action": "key", "text": chord})
    return policy.check(call, ActionContext(**context)).verdict


@pytest.mark.parametrize(("plain", "context", "spelling"), CASES)
def test_an_alias_gets_the_verdict_of_its_plain_form(policy, plain, context, spelling):
    expected = verdict(policy, plain, context)
    assert expected != "allow"  # the plain forms are all denied or confirmed
    assert verdict(policy, spelling, context) == expected


@pytest.mark.parametrize(("plain", "context", "spelling"), CASES)
def test_hold_key_is_judged_like_key(policy, plain, context, spelling):
    call = ToolCall("h", "computer", {"action": "hold_key", "text": spelling, "duration": 1})
    assert policy.check(call, ActionContext(**context)).verdict == verdict(policy, plain, context)


@pytest.mark.parametrize(
    ("keys", "plain", "context"),
    [
        (["CTRL", "ALT", "DELETE"], "ctrl+alt+Delete", {}),
        (["ctrl", "alt", "Delete"], "ctrl+alt+Delete", {}),
        (["Control", "Alt", "Del"], "ctrl+alt+Delete", {}),
        (["CMD", "ENTER"], "super+Return", MAIL),
        (["META", "Enter"], "super+Return", MAIL),
        (["WIN", "RETURN"], "super+Return", MAIL),
        (["CTRL", "ENTER"], "ctrl+Return", MAIL),
    ],
)
def test_openai_and_gemini_key_names_reach_the_same_verdict(policy, keys, plain, context):
    canonical = computer_action({"type": "keypress", "keys": keys})
    assert canonical["action"] == "key"
    assert verdict(policy, canonical["text"], context) == verdict(policy, plain, context)


def test_harmless_chords_stay_allowed(policy):
    for chord in ("ctrl+s", "CTRL+S", "alt+Tab", "Return", "ctrl+alt+t", "super", "Delete", "shift+Delete"):
        assert verdict(policy, chord, {}) == "allow", chord


@pytest.mark.parametrize(
    ("a", "b"),
    [("Control_R", "ctrl"), ("KP_Delete", "Del"), ("Super_R", "windows"), ("ENTER", "KP_Enter"), ("S", "s")],
)
def test_one_logical_key_per_meaning(a, b):
    assert logical_chord(a) == logical_chord(b)


def test_vendor_names_become_keys_the_desktop_presses():
    assert [vendor_key(k) for k in ("CTRL", "ALT", "ENTER", "ARROWUP", "option", "A")] == [
        "ctrl", "alt", "Return", "Up", "alt", "a",
    ]  # fmt: skip
