"""Run settings and the result of a run."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from deskpilot.core.stops import SUCCESS_REASONS


@dataclass
class RunConfig:
    max_steps: int = 50
    max_seconds: float = 1800.0
    max_tokens: int | None = None
    max_cost_usd: float | None = None
    max_retries: int = 5
    retry_base_s: float = 1.0
    retry_max_s: float = 60.0
    system_prompt_suffix: str = ""
    enable_zoom: bool = False
    image_format: str = "png"
    bash: bool = True
    editor: bool = True
    scan_screen: bool = True  # with a guard: OCR each screenshot for prompt injections and secrets
    video: bool = True  # record the desktop to video.webm in the run folder (needs out_dir and ffmpeg)


@dataclass
class RunResult:
    run_id: str
    reason: str
    status: str  # the last model turn's status: continue, done, fail, ask_user
    steps: int
    input_tokens: int
    output_tokens: int
    cost_usd: float
    elapsed_s: float
    final_text: str
    run_dir: str | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason in SUCCESS_REASONS

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
