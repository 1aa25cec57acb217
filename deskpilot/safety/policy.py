"""The policy engine: every tool call gets allow, confirm or deny, with a reason, before it runs.

The rules live in a TOML file (`default_policy.toml` beside this module); a user file given by path or
by DESKPILOT_POLICY is merged over it table by table. Unknown tools, actions and fields are denied.
"""

from __future__ import annotations

import copy
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from deskpilot.core.actions import ACTIONS, ACTIVATING_CLICKS, FIELDS
from deskpilot.core.families import COMPUTER_20251124
from deskpilot.core.keys import MODIFIERS, logical_chord, split_chord, split_sequence
from deskpilot.core.turns import ToolCall
from deskpilot.desktop.keys import KeyNameError, keysym_for_name
from deskpilot.safety import shellrisks
from deskpilot.safety.bashrules import (
    DOTFILES,
    SECRET_PARTS,
    SYSTEM_DIRS,
    BashRules,
    is_persistence,
    path_parts,
    resolve,
)
from deskpilot.safety.shell import Command
from deskpilot.safety.urls import UrlRules, looks_like_url, parse_url
from deskpilot.safety.verdicts import ALLOW, CONFIRM, DENY, Decision, check_verdict, strictest

DEFAULT_POLICY = Path(__file__).with_name("default_policy.toml")
EDITOR_TOOLS = ("str_replace_editor", "str_replace_based_edit_tool")
EDITOR_COMMANDS = {"view": False, "create": True, "str_replace": True, "insert": True, "undo_edit": True}
EDITOR_FIELDS = {
    "command",
    "path",
    "file_text",
    "old_str",
    "new_str",
    "insert_line",
    "insert_text",
    "view_range",
}
SHELL_META = set(";&|`$()<>\\\"'*?[]{}!#~\n\r\t\0")
CLICKS = {*ACTIVATING_CLICKS, "left_mouse_up"}
HARMLESS = {
    "screenshot",
    "cursor_position",
    "mouse_move",
    "scroll",
    "wait",
    "zoom",
    "left_mouse_down",
    "right_click",
}
BROWSER_CLASSES = {"chromium", "chromium-browser", "google-chrome", "firefox", "firefox-esr"}
NAV_KEYS = {"tab", "up", "down", "left", "right", "prior", "next", "home", "end", "escape", "shift", "f5"}


@dataclass(frozen=True)
class ActionContext:
    """What the harness knows about the screen when an action is proposed."""

    url: str | None = None  # current browser URL
    text_under_point: str | None = None  # OCR / AT-SPI text of the element at the click target
    tainted: bool = False  # a prompt injection was seen earlier in this episode
    typed_text: str | None = None  # text typed into the focused field since the last Return
    window_class: str | None = None  # class of the focused window, e.g. "thunderbird"
    safety_checks: tuple[str, ...] = ()  # provider safety checks on this action (OpenAI codes)
    screenshot_sha256: str | None = None  # the screenshot the action was decided on

    def to_dict(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


def load_config(path: str | os.PathLike | None = None) -> dict:
    """The default policy merged with a user file (`path`, else $DESKPILOT_POLICY, else none)."""
    with DEFAULT_POLICY.open("rb") as f:
        config = tomllib.load(f)
    user = path or os.environ.get("DESKPILOT_POLICY")
    if user:
        with open(user, "rb") as f:
            _merge(config, tomllib.load(f))
    return config


def _merge(base: dict, override: dict) -> None:
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)


def _in_browser(context: ActionContext) -> bool:
    """Typed text can navigate only in a browser; an unknown window counts as one."""
    return context.window_class is None or context.window_class.lower() in BROWSER_CLASSES


def _matches(chord: frozenset[str], listed: set[frozenset[str]]) -> bool:
    """A chord matches a listed one when it presses the same keys, perhaps with extra modifiers held."""
    return any(known <= chord and chord - known <= MODIFIERS for known in listed)


def _words(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"[\w']+", text))


class Policy:
    def __init__(self, config: dict | None = None):
        self.config = config if config is not None else load_config()
        # enforce = false: every decision is still made, explained and audited, but nothing is refused (an
        # audit-only mode; the containment tests run attacks through it).
        self.enforce = bool(self.config.get("general", {}).get("enforce", True))
        self.tainted_verdict = check_verdict(
            self.config.get("general", {}).get("tainted", CONFIRM), "general.tainted"
        )
        self.urls = UrlRules(self.config.get("browser", {}))
        self.bash = BashRules(self.config.get("bash", {}), self.urls)
        keys = self.config.get("keys", {})
        self.deny_chords = {logical_chord(c) for c in keys.get("deny", [])}
        self.send_chords = {logical_chord(c) for c in keys.get("send", [])}
        self.mail = keys.get("mail_context", {})
        gui = self.config.get("gui", {})
        self.confirm_words = sorted({_words(w) for w in gui.get("confirm_words", [])}, key=len, reverse=True)
        shell = self.config.get("shell", {})
        self.shell_windows = {c.lower() for c in [*shell.get("terminals", []), *shell.get("run_dialogs", [])]}
        self.submit_chords = {logical_chord(c) for c in shell.get("submit_keys", ["Return"])}

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> Policy:
        return cls(load_config(path))

    def check(self, call: ToolCall, context: ActionContext | None = None) -> Decision:
        context = context or ActionContext()
        if call.error:
            return Decision(DENY, f"the call could not be parsed: {call.error}", "call.invalid")
        if not isinstance(call.input, dict):
            return Decision(DENY, "tool input must be an object", "call.invalid")
        if call.tool == "computer":
            decisions = self._computer(call.input, context)
        elif call.tool == "bash":
            decisions = self._bash(call.input, context)
        elif call.tool in EDITOR_TOOLS:
            decisions = self._editor(call.input, context)
        else:
            return Decision(DENY, f"unknown tool {call.tool!r}", "call.unknown_tool")
        if context.safety_checks:
            codes = ", ".join(context.safety_checks)
            decisions.append(
                Decision(
                    CONFIRM, f"the model provider flagged this action ({codes})", "provider.safety_check"
                )
            )
        decision = (
            strictest(decisions) if decisions else Decision(ALLOW, f"{call.tool} action allowed", "allow")
        )
        if not self.enforce and decision.verdict != ALLOW:
            return Decision(ALLOW, f"not enforced ({decision.verdict}): {decision.reason}", decision.rule)
        return decision

    # computer
    def _computer(self, params: dict, context: ActionContext) -> list[Decision]:
        action = params.get("action")
        known = ACTIONS[COMPUTER_20251124]
        if action not in known:
            return [Decision(DENY, f"unknown computer action {action!r}", "computer.unknown_action")]
        unknown = sorted(set(params) - set(FIELDS[COMPUTER_20251124]))
        if unknown:
            return [Decision(DENY, f"unknown computer field(s) {unknown}", "computer.unknown_field")]
        text = params.get("text")
        if text is not None and not isinstance(text, str):
            return [Decision(DENY, "text must be a string", "computer.invalid")]
        if action in HARMLESS:
            return []
        found: list[Decision] = []
        if action in ("key", "hold_key"):
            found += self._keys(text or "", context)
        elif action == "type":
            found += self._typed(text or "", context)
        elif action in CLICKS:
            found += self._click(context)
        if context.tainted:
            consequential = action != "key" or not self._navigation_only(text or "")
            if consequential:
                found.append(
                    Decision(self.tainted_verdict, f"{action} after a prompt injection was seen", "tainted")
                )
        return found

    def _keys(self, text: str, context: ActionContext) -> list[Decision]:
        chords = split_sequence(text)
        if not chords:
            return [Decision(DENY, "empty key name", "keys.invalid")]
        found = []
        for chord in chords:
            for name in split_chord(chord):
                if not name or set(name) & SHELL_META:
                    return [Decision(DENY, f"invalid key name {name!r} in {text!r}", "keys.metachar")]
                try:
                    keysym_for_name(name)
                except KeyNameError:
                    return [Decision(DENY, f"unknown key name {name!r}", "keys.unknown")]
            key = logical_chord(chord)
            if _matches(key, self.deny_chords):
                found.append(Decision(DENY, f"key chord {chord} is not allowed", "keys.denied"))
            if _matches(key, self.send_chords) and self._mail_context(context):
                found.append(Decision(CONFIRM, f"{chord} sends the message being written", "keys.send"))
            if _matches(key, self.submit_chords) and context.typed_text and self._shell_window(context):
                found += self._shell_line(context.typed_text, context)
            if (
                key & {"return", "kp_enter"}
                and _in_browser(context)
                and context.typed_text
                and looks_like_url(context.typed_text)
            ):
                found.append(self._navigation(context.typed_text))
        return found

    def _navigation_only(self, text: str) -> bool:
        return all(logical_chord(chord) <= NAV_KEYS for chord in split_sequence(text))

    def _mail_context(self, context: ActionContext) -> bool:
        if context.window_class and context.window_class.lower() in self.mail.get("window_classes", []):
            return True
        if not context.url:
            return False
        try:
            parsed = parse_url(context.url)
        except ValueError:
            return False
        hosts = self.mail.get("url_hosts", [])
        return any(h in parsed.host for h in hosts) or any(
            p in parsed.path.lower() for p in self.mail.get("url_paths", [])
        )

    def _typed(self, text: str, context: ActionContext) -> list[Decision]:
        """Typing a URL and Return navigates: the URL rules apply to each submitted line."""
        lines = re.split(r"\r\n|\r|\n", text)
        if len(lines) == 1:
            return []
        submitted = [(context.typed_text or "") + lines[0], *lines[1:-1]]
        found = [self._navigation(line) for line in submitted if looks_like_url(line)]
        if self._shell_window(context):
            found += [d for line in submitted for d in self._shell_line(line, context)]
        return found

    def _shell_window(self, context: ActionContext) -> bool:
        """A terminal or run dialog reads typed lines as shell commands; an unknown window might."""
        return context.window_class is None or context.window_class.lower() in self.shell_windows

    def _shell_line(self, line: str, context: ActionContext) -> list[Decision]:
        """A line submitted in a terminal or run dialog is judged as the bash command it becomes."""
        decision = self.bash.check(line, tainted=context.tainted)
        if decision.verdict == ALLOW:
            return []
        if decision.rule == "bash.parse" and context.window_class is None:
            return []  # an unknown window: text that is no command line is just text
        verdict = CONFIRM if decision.rule == "bash.parse" else decision.verdict
        return [Decision(verdict, f"typed into a shell: {decision.reason}", decision.rule)]

    def _navigation(self, url: str) -> Decision:
        decision = self.urls.check(url.strip())
        return Decision(decision.verdict, f"navigates to {url.strip()!r}: {decision.reason}", decision.rule)

    def _click(self, context: ActionContext) -> list[Decision]:
        if not context.text_under_point:
            return []
        text = _words(context.text_under_point)
        for phrase in self.confirm_words:
            if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text):
                label = context.text_under_point.strip()[:60]
                return [
                    Decision(CONFIRM, f"consequential click on {label!r} ({phrase})", "gui.consequential")
                ]
        return []

    # bash
    def _bash(self, params: dict, context: ActionContext) -> list[Decision]:
        unknown = sorted(set(params) - {"command", "restart"})
        if unknown:
            return [Decision(DENY, f"unknown bash field(s) {unknown}", "bash.invalid")]
        if params.get("restart") is True and "command" not in params:
            return []
        command = params.get("command")
        if not isinstance(command, str):
            return [Decision(DENY, "bash needs a command string", "bash.invalid")]
        decision = self.bash.check(command, tainted=context.tainted)
        return [] if decision.verdict == ALLOW else [decision]

    # editor
    def _editor(self, params: dict, context: ActionContext) -> list[Decision]:
        unknown = sorted(set(params) - EDITOR_FIELDS)
        command, path = params.get("command"), params.get("path")
        if unknown or command not in EDITOR_COMMANDS or not isinstance(path, str):
            return [
                Decision(
                    DENY, f"invalid editor call ({command!r}, fields {sorted(params)})", "editor.invalid"
                )
            ]
        writes = EDITOR_COMMANDS[command]
        parts = set(path_parts(path))
        if parts & SECRET_PARTS:
            return [Decision(DENY, f"touches secrets ({path})", "editor.secrets")]
        resolved = resolve(path, None) or path
        if writes and (
            is_persistence(path) or any(resolved == d or resolved.startswith(d + "/") for d in SYSTEM_DIRS)
        ):
            return [Decision(DENY, f"writes a system file or autostart entry ({path})", "editor.protected")]
        persistence = shellrisks.persistence(Command([]), [path]) if writes else []
        if persistence and persistence[0].rule == "bash.rc_file":
            # a start-up file: its new text is judged as the commands it will run at every shell start
            text = "\n".join(str(params.get(k) or "") for k in ("file_text", "new_str", "insert_text"))
            inner = self.bash.check(text) if text.strip() else Decision(ALLOW, "", "")
            if inner.verdict == ALLOW:
                return [Decision(CONFIRM, f"writes a shell start-up file ({path})", "editor.dotfile")]
            return [
                Decision(DENY, f"writes a shell start-up file ({path}): {inner.reason}", "editor.persistence")
            ]
        if persistence:
            return [Decision(DENY, f"{persistence[0].reason} ({path})", "editor.persistence")]
        if writes and parts & DOTFILES:
            return [Decision(CONFIRM, f"writes a shell or session dotfile ({path})", "editor.dotfile")]
        if writes and context.tainted:
            return [
                Decision(
                    self.tainted_verdict, f"editor {command} after a prompt injection was seen", "tainted"
                )
            ]
        return []
