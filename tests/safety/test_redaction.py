"""Secret redaction: canaries and key formats vanish from text and from screenshots."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from deskpilot.core.results import ToolResult
from deskpilot.core.turns import ToolCall
from deskpilot.safety import Guard
from deskpilot.safety.redact import Redactor, new_canary, ocr, secrets_from_env

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


@pytest.fixture
def canary() -> str:
    return new_canary()


def test_canary_in_a_tool_result_is_removed(canary):
    redactor = Redactor([canary], include_env=False)
    result = ToolResult(output=f"config loaded\nANTHROPIC_API_KEY={canary}\nok")
    cleaned = redactor.redact_obj(result.to_dict())
    assert canary not in str(cleaned)
    assert cleaned["output"].startswith("config loaded\nANTHROPIC_API_KEY=[REDACTED:")
    assert cleaned["output"].endswith("\nok")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("key sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv123", "anthropic_key"),
        ("OPENAI sk-proj-abcdefghijklmnopqrstuvwxyz012345", "openai_key"),
        ("aws AKIAIOSFODNN7EXAMPLE here", "aws_access_key"),
        ("token ghp_abcdefghijklmnopqrstuvwxyz0123456789AB", "github_token"),
        ("slack xoxb-1234567890-abcdefghij", "slack_token"),
        (
            "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "jwt",
        ),
        ("Authorization: Bearer abcDEF123456ghiJKL", "bearer"),
        ("password: hunter2!x", "password"),
        ("pwd = hunter2!x", "password"),
        ("blob Zx9qL2mN8vB4cR7tY1wE5uI3oP6aS0dF", "high_entropy"),
        ("path /home/u/keys/Zx9qL2mN8vB4cR7tY1wE5uI3oP6aS0dF9k", "high_entropy"),
    ],
)
def test_patterns(text, kind):
    redacted = Redactor(include_env=False).redact(text)
    assert f"[REDACTED:{kind}]" in redacted
    assert redacted.split(" ")[0] == text.split(" ")[0]


@pytest.mark.parametrize(
    "text",
    [
        "commit 3f2a9c1e0b7d4a6f8e9c0b1a2d3e4f5a6b7c8d9e",
        "id 123e4567-e89b-12d3-a456-426614174000",
        "the quick brown fox jumps over the lazy dog",
        "/home/user/projects/deskpilot/tests/safety/test_redact.py",
        "/tmp/deskpilot-b328e713-xs4qnnk3/home/notes.txt",
        "saved to tmp/deskpilot-7d200847-6m0m1hu2/home/report.xlsx",
        "PWD=/home/deskpilot\nOLDPWD=/tmp\nSHELL=/bin/bash",  # `env` output: working directories
        "pwd: ~/projects",
    ],
)
def test_ordinary_text_is_kept(text):
    assert Redactor(include_env=False).redact(text) == text


def test_environment_secrets_are_known():
    env = {
        "ANTHROPIC_API_KEY": "abc123def456ghi",
        "GITHUB_TOKEN": "tok_0987654321",
        "HOME": "/root",
        "X": "short",
    }
    assert sorted(secrets_from_env(env)) == ["abc123def456ghi", "tok_0987654321"]


def _screenshot(text: str) -> Image.Image:
    image = Image.new("RGB", (900, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 20), "Settings", fill="black", font=ImageFont.truetype(FONT, 28))
    draw.text((20, 90), text, fill="black", font=ImageFont.truetype(FONT, 24))
    return image


def test_canary_in_a_screenshot_is_blacked_out():
    canary = "sk-ant-canary-7Hq2Xw9Rk4Mz8Vt3Np6Ld5Bf"  # fixed, so the OCR reading is deterministic
    image = _screenshot(f"key: {canary}")
    assert any(canary in text for text, _ in ocr(image))  # the OCR can read it before
    redacted, boxes = Redactor([canary], include_env=False).redact_image(image)
    assert boxes
    x0, y0, x1, y1 = boxes[0]
    pixels = np.asarray(redacted)[y0 : y1 + 1, x0 : x1 + 1]
    assert (pixels == 0).all()
    assert x0 > 60  # only the secret's part of the line is filled, not "key:"
    seen = [text for text, _ in ocr(redacted)]
    assert "Settings" in seen and not any(canary[-12:] in text for text in seen)


def test_redact_image_with_given_words_and_ocr_misreads(canary):
    image = Image.new("RGB", (400, 100), "white")
    misread = canary.replace("l", "1").replace("O", "0")
    words = [("Hello", (10, 10, 60, 30)), (misread, [[100, 50], [300, 50], [300, 70], [100, 70]])]
    redacted, boxes = Redactor([canary], include_env=False).redact_image(image, words)
    assert boxes == [(98, 48, 302, 72)]
    assert np.asarray(redacted)[60, 200].tolist() == [0, 0, 0]
    assert np.asarray(redacted)[20, 30].tolist() == [255, 255, 255]


def test_guard_denies_typing_or_sending_a_canary(canary):
    guard = Guard(redactor=Redactor([canary], include_env=False))
    typed = guard.review(ToolCall("1", "computer", {"action": "type", "text": f"my key is {canary}"}))
    sent = guard.review(ToolCall("2", "bash", {"command": f"echo {canary} > /tmp/x"}))
    assert (typed.verdict, sent.verdict) == ("deny", "deny")
    assert guard.redact(f"log: {canary}") == "log: [REDACTED:known_secret]"
