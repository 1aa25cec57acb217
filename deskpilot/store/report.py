"""A self-contained HTML report of a run: header, then every step with its screenshots and actions.

Each computer action is drawn (SVG over the image) on the screenshot it was taken on, i.e. the latest
screenshot before it, in the image pixels the model used. Every recorded text is escaped.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
from datetime import datetime
from pathlib import Path

from PIL import Image

from deskpilot.core.actions import POINTER_ACTIONS
from deskpilot.core.stops import SUCCESS_REASONS
from deskpilot.desktop.watcher import describe
from deskpilot.store.recorder import write_durably
from deskpilot.store.trajectory import Call, Screenshot, Step, Trajectory, load

REPORT_NAME = "report.html"
MARK = "#e11d48"
SCROLL_VECTORS = {"up": (0, -1), "down": (0, 1), "left": (-1, 0), "right": (1, 0)}
ARROW_DEFS = (  # once per document; the drag and scroll lines end in it
    '<svg width="0" height="0" style="position:absolute"><defs><marker id="arrow" viewBox="0 0 10 10" '
    f'refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">'
    f'<path d="M0,0 L10,5 L0,10 z" fill="{MARK}"/></marker></defs></svg>'
)

CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #f4f5f7;
       color: #1f2328; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 0; }
header, section.step { background: #fff; border: 1px solid #d8dce1; border-radius: 8px; padding: 16px 20px;
                       margin-bottom: 16px; }
.instruction { font-size: 16px; white-space: pre-wrap; margin: 8px 0 12px; }
dl.stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 8px 16px;
           margin: 0; }
dl.stats dt { color: #59636e; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
dl.stats dd { margin: 0; font-weight: 600; }
.step-head { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; }
.muted { color: #59636e; font-size: 12px; }
.text { white-space: pre-wrap; background: #f6f8fa; border-radius: 6px; padding: 8px 12px; }
.call { border-top: 1px solid #eaecef; margin-top: 12px; padding-top: 12px; }
.call h3 { font-size: 14px; margin: 0 0 6px; }
pre { background: #0d1117; color: #e6edf3; border-radius: 6px; padding: 8px 12px; overflow-x: auto;
      white-space: pre-wrap; word-break: break-word; margin: 6px 0; }
.error { background: #fff1f2; color: #9f1239; border: 1px solid #fecdd3; border-radius: 6px;
         padding: 6px 10px; white-space: pre-wrap; }
.output { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: 13px; }
figure { margin: 8px 0; }
.shot { position: relative; display: inline-block; max-width: 100%; line-height: 0; }
.shot img { max-width: 100%; height: auto; border: 1px solid #d8dce1; border-radius: 4px; }
.shot svg { position: absolute; inset: 0; width: 100%; height: 100%; pointer-events: none; }
figcaption { color: #59636e; font-size: 12px; }
.missing { color: #9f1239; font-style: italic; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; background: #eef1f4; }
.badge.bad { background: #fff1f2; color: #9f1239; }
.badge.good { background: #ecfdf3; color: #067647; }
details summary { cursor: pointer; color: #59636e; }
section.video video { width: 100%; border: 1px solid #d8dce1; border-radius: 4px; background: #000; }
.timeline { position: relative; height: 44px; margin: 8px 0 4px; background: #f6f8fa; border-radius: 4px;
            border: 1px solid #d8dce1; cursor: pointer; }
.timeline .tick { position: absolute; top: 4px; bottom: 22px; width: 3px; margin-left: -1px;
                  background: #2563eb; border-radius: 1px; }
.timeline .tick.error { background: #9f1239; }
.timeline .seen { position: absolute; top: 24px; height: 14px; min-width: 4px; background: #f59e0b;
                  border-radius: 3px; opacity: .85; }
.timeline .now { position: absolute; top: 0; bottom: 0; width: 2px; background: #e11d48; pointer-events: none; }
.legend span { margin-right: 14px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px;
            vertical-align: -1px; }
a.seek { font-size: 12px; margin-left: 8px; }
"""

PLAYER_JS = """
(function () {
  const data = JSON.parse(document.getElementById('timeline-data').textContent);
  const video = document.getElementById('run-video');
  const bar = document.getElementById('timeline');
  const now = bar.querySelector('.now');
  function length() { return isFinite(video.duration) && video.duration > 0 ? video.duration : data.length; }
  function place() {
    const total = length();
    bar.querySelectorAll('[data-t]').forEach(function (el) {
      el.style.left = (100 * Math.min(1, parseFloat(el.dataset.t) / total)) + '%';
      if (el.dataset.d) el.style.width = (100 * parseFloat(el.dataset.d) / total) + '%';
    });
  }
  function seek(t) { video.currentTime = Math.max(0, t); video.pause(); }
  bar.addEventListener('click', function (e) {
    const mark = e.target.closest('[data-t]');
    const r = bar.getBoundingClientRect();
    seek(mark ? parseFloat(mark.dataset.t) : (e.clientX - r.left) / r.width * length());
  });
  document.querySelectorAll('a.seek').forEach(function (a) {
    a.addEventListener('click', function (e) { e.preventDefault(); seek(parseFloat(a.dataset.t));
      video.scrollIntoView({behavior: 'smooth', block: 'center'}); });
  });
  video.addEventListener('loadedmetadata', place);
  video.addEventListener('timeupdate', function () {
    now.style.left = (100 * video.currentTime / length()) + '%';
  });
  place();
})();
"""


def e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _seconds(value: float | None) -> str:
    if value is None:
        return "–"
    minutes, seconds = divmod(value, 60)
    return f"{int(minutes)} min {seconds:.0f} s" if minutes else f"{seconds:.1f} s"


def _point(value: object) -> tuple[int, int] | None:
    if isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(v, int | float) for v in value):
        return int(value[0]), int(value[1])
    return None


def marker_svg(call: Call, size: tuple[int, int], cursor: tuple[int, int] | None) -> str:
    """SVG shapes for a computer action, in image pixels; empty for actions without a point."""
    action, given = call.input.get("action"), call.input
    point = _point(given.get("coordinate")) or (
        cursor if action in POINTER_ACTIONS or action == "scroll" else None
    )
    r = max(8, size[0] // 80)
    stroke = f'stroke="{MARK}" stroke-width="{max(2, r // 4)}" fill="none"'
    shapes = []
    if action == "left_click_drag":
        start = _point(given.get("start_coordinate")) or cursor
        if start and point:
            shapes.append(f'<circle class="mark" cx="{start[0]}" cy="{start[1]}" r="{r}" {stroke}/>')
            shapes.append(
                f'<line class="mark" x1="{start[0]}" y1="{start[1]}" x2="{point[0]}" y2="{point[1]}" '
                f'{stroke} marker-end="url(#arrow)"/>'
            )
    elif action == "scroll" and point:
        dx, dy = SCROLL_VECTORS.get(given.get("scroll_direction"), (0, 0))
        length = r * (2 + min(int(given.get("scroll_amount") or 1), 10))
        shapes.append(f'<circle class="mark" cx="{point[0]}" cy="{point[1]}" r="{r}" {stroke}/>')
        shapes.append(
            f'<line x1="{point[0]}" y1="{point[1]}" x2="{point[0] + dx * length}" '
            f'y2="{point[1] + dy * length}" {stroke} marker-end="url(#arrow)"/>'
        )
    elif action == "zoom" and isinstance(given.get("region"), list) and len(given["region"]) == 4:
        x1, y1, x2, y2 = given["region"]
        shapes.append(f'<rect class="mark" x="{x1}" y="{y1}" width="{x2 - x1}" height="{y2 - y1}" {stroke}/>')
    elif action in POINTER_ACTIONS and point:
        dash = ' stroke-dasharray="4 3"' if action == "mouse_move" else ""
        shapes.append(f'<circle class="mark" cx="{point[0]}" cy="{point[1]}" r="{r}" {stroke}{dash}/>')
        shapes.append(f'<circle cx="{point[0]}" cy="{point[1]}" r="{max(2, r // 4)}" fill="{MARK}"/>')
    if not shapes:
        return ""
    return (
        f'<svg viewBox="0 0 {size[0]} {size[1]}" preserveAspectRatio="none" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(shapes)}</svg>'
    )


def _figure(
    shot: Screenshot | None, caption: str, overlay: Call | None = None, cursor: tuple[int, int] | None = None
) -> str:
    if shot is None:
        return f'<p class="muted">{e(caption)}: no screenshot was recorded before this action.</p>'
    data = shot.read()
    if data is None:
        return f'<p class="missing">{e(caption)}: screenshot {e(shot.path)} is missing or damaged.</p>'
    with Image.open(io.BytesIO(data)) as image:
        size = image.size
    svg = marker_svg(overlay, size, cursor) if overlay else ""
    uri = f"data:{e(shot.media_type)};base64,{base64.b64encode(data).decode()}"
    return (
        f'<figure><div class="shot"><img src="{uri}" width="{size[0]}" height="{size[1]}" '
        f'alt="{e(caption)}">{svg}</div>'
        f"<figcaption>{e(caption)} · {size[0]}×{size[1]}</figcaption></figure>"
    )


def _video_time(video: dict | None, t: float | None) -> float | None:
    if (
        not video
        or not video.get("path")
        or t is None
        or not isinstance(video.get("started_at"), int | float)
    ):
        return None
    return max(0.0, t - video["started_at"])


def _seek_link(video: dict | None, t: float | None) -> str:
    at = _video_time(video, t)
    return "" if at is None else f'<a class="seek" href="#video" data-t="{at:.2f}">▶ video {at:.1f} s</a>'


def _video(traj: Trajectory, src: str | None) -> str:
    """The run's video with a timeline: a tick per action (click one to jump there) and a bar for each
    window change the watcher told the model about, from when it appeared for as long as it was shown."""
    video = traj.video
    if not video:
        return ""
    if not video.get("path") or src is None:
        reason = video.get("removed") or "the video file is missing"
        return f'<section class="step video" id="video"><h2>Video</h2><p class="muted">{e(reason)}.</p></section>'
    ticks, seen, times = [], [], [1.0, float((traj.finished or {}).get("elapsed_s") or 0)]
    for step in traj.steps:
        for call in step.calls:
            at = _video_time(video, call.started_at)
            if at is not None:
                label = f"step {step.number}: {call.tool} {call.action or ''}".strip()
                error = " error" if call.error else ""
                ticks.append(
                    f'<div class="tick{error}" data-t="{at:.2f}" title="{e(label)} at {at:.1f} s"></div>'
                )
                times.append(at)
    for number, change in traj.changes:
        at = _video_time(video, change.get("at"))
        if at is not None:
            shown = change.get("shown_s")
            label = describe([change]).splitlines()[-1].removeprefix("- ")
            width = f' data-d="{shown:.2f}"' if isinstance(shown, int | float) else ""
            seen.append(
                f'<div class="seen" data-t="{at:.2f}"{width} title="{e(label)} (told in step {number})"></div>'
            )
            times.append(at)
    data = json.dumps({"length": max(times)})
    return (
        '<section class="step video" id="video"><h2>Video</h2>'
        f'<video id="run-video" controls preload="metadata" src="{e(src)}"></video>'
        f'<div class="timeline" id="timeline">{"".join(ticks)}{"".join(seen)}<div class="now"></div></div>'
        '<div class="legend muted"><span><i style="background:#2563eb"></i>actions (click to jump)</span>'
        '<span><i style="background:#f59e0b"></i>windows seen by the watcher</span></div>'
        f'<script type="application/json" id="timeline-data">{data}</script>'
        f"<script>{PLAYER_JS}</script></section>"
    )


def _call(call: Call, cursor: tuple[int, int] | None, video: dict | None = None) -> str:
    title = f"{call.tool}: {call.action}" if call.action else call.tool
    parts = [f"<h3>{e(title)}{_seek_link(video, call.started_at)}</h3>"]
    if call.decision:
        verdict = call.decision.get("verdict")
        parts.append(
            f'<span class="badge">{e(verdict)}</span> '
            f'<span class="muted">{e(call.decision.get("reason"))}</span>'
        )
    if call.confirmation:
        approved = "approved" if call.confirmation.get("approved") else "declined"
        parts.append(f'<p class="muted">Confirmation {e(approved)}: {e(call.confirmation.get("reason"))}</p>')
    parts.append(f"<pre>{e(json.dumps(call.input, ensure_ascii=False))}</pre>")
    if call.tool == "computer" and call.executed:
        parts.append(_figure(call.before, "Screen the action was taken on", call, cursor))
    if call.parse_error:
        parts.append(f'<div class="error">Invalid call: {e(call.parse_error)}</div>')
    if call.error:
        parts.append(f'<div class="error">{e(call.error)}</div>')
    if call.output:
        parts.append(f'<div class="output">{e(call.output)}</div>')
    if call.action == "zoom" and call.screenshot:
        parts.append(_figure(call.screenshot, "Zoomed image"))
    if call.duration_s is not None:
        parts.append(f'<p class="muted">took {e(_seconds(call.duration_s))}</p>')
    return f'<div class="call">{"".join(parts)}</div>'


def _step(
    step: Step, cursor: tuple[int, int] | None, video: dict | None = None
) -> tuple[str, tuple[int, int] | None]:
    tokens = f"{step.usage.get('input_tokens', 0)} in / {step.usage.get('output_tokens', 0)} out"
    head = (
        f'<div class="step-head"><h2>Step {step.number}</h2>'
        f'<span class="muted">{e(_seconds(step.duration_s))}'
        f" · model {e(_seconds(step.latency_s))} · {e(tokens)} · ${step.cost_usd:.4f}</span></div>"
    )
    parts = [head]
    parts += [f'<p class="muted">User: {e(text)}</p>' for text in step.user_messages]
    parts += [f'<p class="muted">Retried: {e(r.get("error"))}</p>' for r in step.retries]
    if step.text:
        parts.append(f'<div class="text">{e(step.text)}</div>')
    for call in step.calls:
        parts.append(_call(call, cursor, video))
        end = _point(call.input.get("coordinate"))
        if call.tool == "computer" and call.executed and call.error is None and end and call.action != "zoom":
            cursor = end
    return f'<section class="step" id="step-{step.number}">{"".join(parts)}</section>', cursor


def _header(traj: Trajectory) -> str:
    meta, finished, totals = traj.meta, traj.finished, traj.totals
    reason = finished.get("reason") if finished else "interrupted (no finish was recorded)"
    good = finished is not None and finished.get("reason") in SUCCESS_REASONS
    started = meta.get("started_at")
    started_text = datetime.fromtimestamp(started).isoformat(" ", "seconds") if started else "–"
    stats = {
        "Model": meta.get("model"),
        "Stop reason": reason,
        "Steps": len(traj.steps),
        "Tokens": f"{totals['input_tokens']} in / {totals['output_tokens']} out",
        "Cost": f"${totals['cost_usd'] or 0:.4f}",
        "Time": _seconds(traj.elapsed_s),
        "Started": started_text,
        "Screen / image": f"{_size_text(meta.get('screen_size'))} / {_size_text(meta.get('image_size'))}",
        "Apps": ", ".join(meta.get("apps") or []) or "–",
        "Tools": ", ".join((meta.get("tool_versions") or {}).values()) or "–",
        "deskpilot": meta.get("version"),
        "Run": traj.run_id,
    }
    items = "".join(f"<div><dt>{e(k)}</dt><dd>{e(v)}</dd></div>" for k, v in stats.items())
    parts = [
        f'<h1>deskpilot run <span class="badge {"good" if good else "bad"}">{e(reason)}</span></h1>',
        f'<div class="instruction">{e(meta.get("instruction"))}</div>',
        f'<dl class="stats">{items}</dl>',
    ]
    if finished and finished.get("error"):
        parts.append(f'<div class="error">{e(finished["error"])}</div>')
    if finished and finished.get("final_text"):
        parts.append(
            f'<p><strong>Final answer:</strong></p><div class="text">{e(finished["final_text"])}</div>'
        )
    if meta.get("system_prompt"):
        parts.append(
            f"<details><summary>System prompt</summary><pre>{e(meta['system_prompt'])}</pre></details>"
        )
    return f"<header>{''.join(parts)}</header>"


def _size_text(value: object) -> str:
    return "×".join(map(str, value)) if isinstance(value, list) else "–"


def render(traj: Trajectory, video_src: str | None = None) -> str:
    """The report as one HTML document with the screenshots embedded; video_src: where the run's video is,
    relative to the report (it is linked, not embedded)."""
    sections, cursor = [_video(traj, video_src)], None
    video = traj.video if video_src else None
    for step in traj.steps:
        html_step, cursor = _step(step, cursor, video)
        sections.append(html_step)
    shots = traj.screenshots
    if shots:
        sections.append(
            f'<section class="step"><h2>Final screen</h2>'
            f"{_figure(shots[-1], 'After the last action')}</section>"
        )
    title = f"deskpilot · {traj.meta.get('instruction') or traj.run_id}"[:120]
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>'
        f"<body>{ARROW_DEFS}<main>{_header(traj)}{''.join(sections)}</main></body></html>\n"
    )


def write_report(run_dir: str | os.PathLike, path: str | os.PathLike | None = None) -> Path:
    """Render the run in `run_dir` to `path` (default: report.html in the run folder) and return the path."""
    traj = load(run_dir)
    target = Path(path) if path else Path(run_dir) / REPORT_NAME
    video = traj.video.get("path") if traj.video else None
    src = Path(os.path.relpath(video, target.resolve().parent)).as_posix() if video else None
    write_durably(target, render(traj, src).encode())
    return target
