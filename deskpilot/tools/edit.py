"""Anthropic's text-editor tool (`text_editor_20250124`, `text_editor_20250429`, `text_editor_20250728`).

Edits are byte-exact: a file is read as bytes and decoded as UTF-8 with `surrogateescape`, so invalid
bytes, tabs, CRLF line endings and a missing final newline all survive untouched outside the edited
region. Text inserted into a CRLF file gets CRLF line endings. Writes are atomic (temp file in the same
directory, then `os.replace`) and keep the file's mode. Parameters whose value is null count as absent.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import stat
import tempfile
import threading
from collections import deque

from deskpilot.core.results import ToolError, ToolResult

_COMMANDS = ("view", "create", "str_replace", "insert")
VERSIONS = {
    "text_editor_20250124": ("str_replace_editor", (*_COMMANDS, "undo_edit")),
    "text_editor_20250429": ("str_replace_based_edit_tool", _COMMANDS),
    "text_editor_20250728": ("str_replace_based_edit_tool", _COMMANDS),
}
# Parameters each command accepts besides `command` and `path`.
_PARAMS = {
    "view": ("view_range",),
    "create": ("file_text",),
    "str_replace": ("old_str", "new_str"),
    "insert": ("insert_line", "insert_text", "new_str"),
    "undo_edit": (),
}
_EOL = "\r\n"
SNIPPET_CONTEXT = 4
UNDO_DEPTH = 10


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")


def _encode(text: str) -> bytes:
    try:
        return text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError as e:
        raise ToolError(
            f"The text contains characters that cannot be written as UTF-8: {e.reason}."
        ) from None


def _show(text: str) -> str:
    """Text for the model: invalid bytes (kept as surrogates) become U+FFFD."""
    return text.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")


def _split_lines(text: str) -> list[str]:
    """Split on "\\n" only, keeping the line ends, so that "".join(lines) == text."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    return lines + [parts[-1]] if parts[-1] else lines


def _numbered(lines: list[str], first: int) -> str:
    """`cat -n` style listing of `lines`, numbered from `first` (line ends are not shown)."""
    return "\n".join(f"{n:6}\t{_show(line.rstrip(_EOL))}" for n, line in enumerate(lines, first))


def _is_crlf(text: str) -> bool:
    crlf = text.count("\r\n")
    return crlf > 0 and crlf == text.count("\n")


def _to_crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_atomic(path: str, data: bytes) -> None:
    """Write `data` to `path` (through any symlink) via a temp file and `os.replace`, keeping the mode."""
    target = os.path.realpath(path)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    directory = os.path.dirname(target)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(target)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


@contextlib.contextmanager
def _as_user(user: tuple[int, int] | None):
    """Filesystem uid and gid of `user` for the calling thread (setfsuid(2) is per thread), then back."""
    if user is None:
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    old_gid, old_uid = libc.setfsgid(user[1]), libc.setfsuid(user[0])
    try:
        yield
    finally:
        libc.setfsuid(old_uid)
        libc.setfsgid(old_gid)


class EditTool:
    """The text-editor tool. Call it with the model's input dict; it never raises."""

    def __init__(
        self,
        version: str = "text_editor_20250728",
        *,
        max_characters: int | None = None,
        root: str | None = None,
        user: tuple[int, int] | None = None,
    ):
        if version not in VERSIONS:
            raise ValueError(
                f"Unknown text editor version {version!r}; expected one of {', '.join(VERSIONS)}"
            )
        if max_characters is not None:
            if version != "text_editor_20250728":
                raise ValueError("max_characters is only supported by text_editor_20250728")
            if max_characters < 1:
                raise ValueError("max_characters must be at least 1")
        self.version = version
        self.name, self.commands = VERSIONS[version]
        self.max_characters = max_characters
        # When set, every path must lie inside `root` (after resolving symlinks).
        self.root = os.path.realpath(root) if root is not None else None
        # When set (uid, gid), files are opened with that user's filesystem rights (setfsuid, this thread
        # only), so a symlink swapped in after the root check still cannot reach a file the user cannot.
        self.user = user
        self._history: dict[str, deque[bytes | None]] = {}
        self._lock = threading.Lock()

    def to_params(self) -> dict:
        params: dict = {"type": self.version, "name": self.name}
        if self.max_characters is not None:
            params["max_characters"] = self.max_characters
        return params

    def __call__(self, params: dict) -> ToolResult:
        with self._lock, _as_user(self.user):
            try:
                return ToolResult(output=self._handle(params))
            except ToolError as e:
                return ToolResult(error=e.message)
            except OSError as e:
                message = e.strerror or str(e)
                return ToolResult(error=f"{message}: {e.filename}" if e.filename else message)
            except Exception as e:  # a tool never raises: report anything unexpected to the model
                return ToolResult(error=f"Text editor failed: {type(e).__name__}: {e}")

    async def acall(self, params: dict) -> ToolResult:
        return await asyncio.to_thread(self, params)

    # ---- input checking -------------------------------------------------------------------------

    def _handle(self, params: dict) -> str:
        if not isinstance(params, dict):
            raise ToolError(f"Tool input must be an object, got {type(params).__name__}.")
        params = {k: v for k, v in params.items() if v is not None}
        command = params.get("command")
        allowed = ", ".join(self.commands)
        if command is None:
            raise ToolError(f"Missing required parameter `command`. Allowed: {allowed}.")
        if command not in self.commands:
            raise ToolError(f"Unknown command {command!r}. Allowed: {allowed}.")
        accepted = ("command", "path", *_PARAMS[command])
        extra = sorted(set(params) - set(accepted))
        if extra:
            raise ToolError(
                f"Unexpected parameter(s) for `{command}`: {', '.join(extra)}. Allowed: {', '.join(accepted)}."
            )
        path = self._check_path(params)
        if command == "view":
            return self._view(path, params.get("view_range"))
        if command == "create":
            return self._create(path, _string(params, "file_text"))
        if command == "str_replace":
            return self._str_replace(path, _string(params, "old_str"), _string(params, "new_str", ""))
        if command == "insert":
            return self._insert(path, params)
        return self._undo(path)

    def _check_path(self, params: dict) -> str:
        path = _string(params, "path")
        if not os.path.isabs(path):
            raise ToolError(
                f"The path {path} is not an absolute path, it should start with `/`. "
                f"Maybe you meant {os.path.abspath(path)}?"
            )
        path = os.path.normpath(path)
        if self.root is not None:
            real = os.path.realpath(path)
            if os.path.commonpath([real, self.root]) != self.root:
                raise ToolError(f"The path {path} is outside the allowed directory {self.root}.")
        return path

    # ---- commands -------------------------------------------------------------------------------

    def _view(self, path: str, view_range: object) -> str:
        if os.path.isdir(path):
            if view_range is not None:
                raise ToolError(
                    "The `view_range` parameter is not allowed when `path` points to a directory."
                )
            return self._truncate(
                f"Here's the files and directories up to 2 levels deep in {path}, excluding hidden items:\n"
                + "\n".join(_list_dir(path))
            )
        lines = _split_lines(self._read(path))
        first, last = 1, len(lines)
        if view_range is not None:
            first, last = _check_view_range(view_range, len(lines))
        body = _numbered(lines[first - 1 : last], first)
        return self._truncate(f"Here's the result of running `cat -n` on {path}:\n{body}")

    def _create(self, path: str, file_text: str) -> str:
        if os.path.isdir(path):
            raise ToolError(f"The path {path} is a directory; `create` needs a file path.")
        exists = os.path.lexists(path)
        previous = self._read_bytes(path) if exists else None
        os.makedirs(os.path.dirname(path), exist_ok=True)
        _write_atomic(path, _encode(file_text))
        self._remember(path, previous)
        return f"File {'overwritten' if exists else 'created'} successfully at: {path}"

    def _str_replace(self, path: str, old_str: str, new_str: str) -> str:
        text = self._read_for_edit(path, "str_replace")
        if not old_str:
            raise ToolError("`old_str` must not be empty; use `insert` to add text.")
        wanted = old_str
        if _is_crlf(text):  # match and write CRLF line ends, whatever the model sent
            if old_str not in text:
                old_str = _to_crlf(old_str)
            new_str = _to_crlf(new_str)
        count = text.count(old_str)
        if count == 0:
            raise ToolError(
                f"No replacement was performed, old_str `{wanted}` did not appear verbatim in {path}."
            )
        if count > 1:
            starts, pos = [], text.find(old_str)
            while pos != -1:
                starts.append(text.count("\n", 0, pos) + 1)
                pos = text.find(old_str, pos + len(old_str))
            raise ToolError(
                f"No replacement was performed. Multiple occurrences of old_str `{wanted}` in lines "
                f"{starts}. Please include more context to make it unique."
            )
        pos = text.index(old_str)
        new_text = text[:pos] + new_str + text[pos + len(old_str) :]
        self._write_edit(path, text, new_text)
        start = text.count("\n", 0, pos) + 1
        return self._edited(path, new_text, start, start + new_str.removesuffix("\n").count("\n"))

    def _insert(self, path: str, params: dict) -> str:
        line = params.get("insert_line")
        if line is None:
            raise ToolError("Missing required parameter `insert_line` for `insert`.")
        if not isinstance(line, int) or isinstance(line, bool):
            raise ToolError(f"`insert_line` must be an integer, got {type(line).__name__}.")
        insert_text = _string(params, "insert_text", None)
        new_str = _string(params, "new_str", None)
        if insert_text is None and new_str is None:
            raise ToolError("Missing required parameter `insert_text` for `insert`.")
        if insert_text is not None and new_str is not None and insert_text != new_str:
            raise ToolError("Give the text to insert in `insert_text` or `new_str`, not both.")
        block = insert_text if insert_text is not None else new_str
        text = self._read_for_edit(path, "insert")
        lines = _split_lines(text)
        if not 0 <= line <= len(lines):
            raise ToolError(
                f"Invalid `insert_line` parameter: {line}. It should be within the range of lines of the "
                f"file: [0, {len(lines)}]."
            )
        newline = "\r\n" if _is_crlf(text) else "\n"
        if newline == "\r\n":
            block = _to_crlf(block)
        if line < len(lines) or text.endswith("\n"):
            # The block becomes whole lines of its own.
            if not block.endswith("\n"):
                block += newline
        elif lines:
            # Appending to a file without a final newline: end the old last line, keep no final newline.
            block = newline + block
        new_text = "".join(lines[:line]) + block + "".join(lines[line:])
        self._write_edit(path, text, new_text)
        added = len(_split_lines(new_text)) - len(lines)
        return self._edited(path, new_text, line + 1, max(line + 1, line + added))

    def _undo(self, path: str) -> str:
        history = self._history.get(path)
        if not history:
            raise ToolError(f"No edit history found for {path}; there is nothing to undo.")
        previous = history.pop()
        if previous is None:
            os.remove(path)
            return f"Last edit to {path} undone successfully; the file did not exist before and was removed."
        _write_atomic(path, previous)
        body = _numbered(_split_lines(_decode(previous)), 1)
        return f"Last edit to {path} undone successfully. Here's the result of running `cat -n` on {path}:\n{body}"

    # ---- helpers --------------------------------------------------------------------------------

    def _read_bytes(self, path: str) -> bytes:
        if not os.path.lexists(path):
            raise ToolError(f"The path {path} does not exist. Please provide a valid path.")
        with open(path, "rb") as f:
            return f.read()

    def _read(self, path: str) -> str:
        return _decode(self._read_bytes(path))

    def _read_for_edit(self, path: str, command: str) -> str:
        if os.path.isdir(path):
            raise ToolError(f"The path {path} is a directory; `{command}` works only on files.")
        return self._read(path)

    def _write_edit(self, path: str, old_text: str, new_text: str) -> None:
        _write_atomic(path, _encode(new_text))
        self._remember(path, _encode(old_text))

    def _remember(self, path: str, previous: bytes | None) -> None:
        if "undo_edit" in self.commands:
            self._history.setdefault(path, deque(maxlen=UNDO_DEPTH)).append(previous)

    def _edited(self, path: str, text: str, start: int, end: int) -> str:
        """Success message with the edited lines `start`..`end` and some context around them."""
        lines = _split_lines(text)
        first = max(1, start - SNIPPET_CONTEXT)
        last = min(len(lines), end + SNIPPET_CONTEXT)
        snippet = _numbered(lines[first - 1 : last], first)
        return (
            f"The file {path} has been edited. Here's the result of running `cat -n` on a snippet of {path}:\n"
            f"{snippet}\nReview the changes and make sure they are as expected. Edit the file again if necessary."
        )

    def _truncate(self, text: str) -> str:
        limit = self.max_characters
        if limit is None or len(text) <= limit:
            return text
        return (
            f"{text[:limit]}\n[... output truncated after {limit} of {len(text)} characters; "
            "use `view_range` to see the rest ...]"
        )


_MISSING = object()


def _string(params: dict, key: str, default: object = _MISSING):
    """The string parameter `key`; `default` when absent (required when no default is given)."""
    value = params.get(key)
    if value is None:
        if default is _MISSING:
            raise ToolError(f"Missing required parameter `{key}` for `{params['command']}`.")
        return default
    if not isinstance(value, str):
        raise ToolError(f"`{key}` must be a string, got {type(value).__name__}.")
    return value


def _check_view_range(view_range: object, n_lines: int) -> tuple[int, int]:
    if (
        not isinstance(view_range, list | tuple)
        or len(view_range) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in view_range)
    ):
        raise ToolError(
            f"Invalid `view_range` {view_range!r}: it should be a list of two integers [start, end]."
        )
    first, last = view_range
    if n_lines == 0:
        raise ToolError(f"Invalid `view_range` {list(view_range)}: the file is empty.")
    if not 1 <= first <= n_lines:
        raise ToolError(
            f"Invalid `view_range` {list(view_range)}: start line {first} should be within the range of "
            f"lines of the file: [1, {n_lines}]."
        )
    if last == -1:
        return first, n_lines
    if last < first:
        raise ToolError(
            f"Invalid `view_range` {list(view_range)}: end line {last} should be -1 or at least the start line."
        )
    if last > n_lines:
        raise ToolError(
            f"Invalid `view_range` {list(view_range)}: end line {last} is beyond the end of the file "
            f"({n_lines} lines). Use -1 to view to the end."
        )
    return first, last


def _list_dir(path: str) -> list[str]:
    """Non-hidden entries up to 2 levels below `path` (directories end in "/"), sorted."""
    entries = [path.rstrip("/") + "/"]
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        entries += [os.path.join(dirpath, d) + "/" for d in dirnames]
        entries += [os.path.join(dirpath, f) for f in filenames if not f.startswith(".")]
        if dirpath != path:  # only descend one level
            dirnames[:] = []
    return sorted(entries)
