"""Size caps on what a run passes around. Each cap says so in the text it cuts, so neither the model nor a
reader mistakes a cut text for a whole one."""

from __future__ import annotations

ANSWER_CHARS = 100_000  # a model turn's text, as recorded and printed
TOOL_OUTPUT_CHARS = 100_000  # a tool result's output or error text
TYPE_CHARS = 20_000  # the `type` action's text; longer text is refused with this number in the error
STORED_STRING_CHARS = 200_000  # any one string in a trajectory event (e.g. a provider's raw reply)


def capped(text: str, limit: int, what: str) -> str:
    """`text` if it is at most `limit` characters, else its first `limit` and a note saying it was cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n[... {what} cut: {len(text) - limit} of {len(text)} characters left out (cap {limit})]"
