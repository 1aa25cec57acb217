"""The web app: a REST and WebSocket API over the run manager, and the page that uses it.

Every /api call, the OpenAPI schema and /docs need the access token: `Authorization: Bearer TOKEN`, the
cookie set when the page is opened with ?token=TOKEN, or (WebSockets only) ?token=TOKEN in the URL.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import secrets
from collections.abc import Iterable
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, urlsplit

from fastapi import FastAPI, HTTPException, Request, WebSocket, WebSocketDisconnect
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.concurrency import run_in_threadpool
from starlette.middleware.trustedhost import TrustedHostMiddleware

from deskpilot.desktop import CATALOG, DesktopError, find_app
from deskpilot.desktop.keys import KeyNameError, parse_chord
from deskpilot.desktop.supervise import parse_size
from deskpilot.desktop.xinput import BUTTONS
from deskpilot.store.report import write_report
from deskpilot.store.trajectory import TrajectoryError
from deskpilot.store.video import video_info
from deskpilot.web.runs import FINISHED, STATE, LiveRun, ModelError, RunManager

STATIC = Path(__file__).parent / "static"
PROTECTED = ("/api/", "/openapi.json", "/docs", "/redoc")
SCREEN_FPS = 10
# Everything the page loads comes from this server; nothing from the internet.
CSP = (
    "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; style-src 'self'; "
    "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
EXAMPLE_MODELS = ["local", "anthropic:claude-sonnet-4-5", "openai:computer-use-preview", "noop"]


# Host names the server answers to: a page of another site that rebinds its own name to 127.0.0.1 (DNS
# rebinding) sends its own Host and is refused. `deskpilot serve --host` adds the bound name.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower() == "localhost"


def endpoint_problem(spec: str, model_hosts: Iterable[str] = ()) -> str | None:
    """Why a model spec's endpoint (`prefix:model@URL`) may not be used, or None. The server would contact it,
    so only loopback or a host in the `model_hosts` allowlist ([web] table of the settings) is allowed."""
    _, _, model = spec.partition(":")
    if "@" not in model:
        return None
    url = model.partition("@")[2]
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme, parts.hostname
    except ValueError:  # e.g. a malformed IPv6 literal
        scheme = host = None
    if scheme not in ("http", "https") or not host:
        return f"the model endpoint {url!r} is not an http(s) URL"
    if is_loopback(host) or host.lower() in {h.lower() for h in model_hosts}:
        return None
    return (
        f"the model endpoint host {host!r} is neither loopback nor allowed; add it to model_hosts in the "
        "[web] table of the settings file to allow it"
    )


def new_token() -> str:
    return secrets.token_urlsafe(24)


def cookie_name(scope) -> str:
    """One cookie per port, so that two servers on one host do not overwrite each other's token."""
    server = scope.get("server") or ("", 0)
    return f"deskpilot-token-{server[1]}"


class TokenAuth:
    """ASGI middleware: protected paths, HTTP and WebSocket alike, need the token; a WebSocket opened by a
    page of another site is refused even when the browser sends the cookie along."""

    def __init__(self, app, token: str):
        self.app, self.token = app, token

    def given(self, scope, headers: dict[str, str]) -> list[str]:
        found = []
        scheme, _, value = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            found.append(value.strip())
        cookie = SimpleCookie()
        with contextlib.suppress(CookieError):
            cookie.load(headers.get("cookie", ""))
        if cookie_name(scope) in cookie:
            found.append(cookie[cookie_name(scope)].value)
        if scope["type"] == "websocket":  # browsers cannot set headers on WebSockets
            found += parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [])
        return found

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket") or not scope["path"].startswith(PROTECTED):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        valid = any(
            secrets.compare_digest(t.encode(), self.token.encode()) for t in self.given(scope, headers)
        )
        if scope["type"] == "websocket":
            origin = headers.get("origin")
            if origin is not None and urlsplit(origin).netloc != headers.get("host"):
                await send(
                    {"type": "websocket.close", "code": 4403, "reason": "cross-site WebSocket refused"}
                )
            elif not valid:
                await send({"type": "websocket.close", "code": 4401, "reason": "access token required"})
            else:
                await self.app(scope, receive, send)
            return
        if not valid:
            detail = "access token required: open the link `deskpilot serve` printed, or send 'Authorization: Bearer TOKEN'"
            response = JSONResponse(
                {"detail": detail}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


# Request bodies
class RunRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    model: str = Field(
        "local", min_length=1, description="Model spec, e.g. local or anthropic:claude-sonnet-4-5."
    )
    apps: list[str] = Field(default_factory=list, description="Catalog apps to open first.")
    size: str = Field("1280x800", description="Screen size WIDTHxHEIGHT.")
    instruction: str = Field(max_length=20_000)
    max_steps: int = Field(30, ge=1, le=500)

    @field_validator("size")
    @classmethod
    def _size(cls, value: str) -> str:
        parse_size(value)
        return value

    @field_validator("apps")
    @classmethod
    def _apps(cls, value: list[str]) -> list[str]:
        for name in value:
            try:
                app = find_app(name)
            except KeyError as exc:
                raise ValueError(exc.args[0]) from None
            if not app.installed:
                raise ValueError(f"app {name!r} is not installed ({app.argv[0]} was not found)")
        return value

    @field_validator("instruction")
    @classmethod
    def _instruction(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("instruction must not be blank")
        return value


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=20_000)


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    approve: bool
    action_hash: str | None = Field(
        None, description="The request's action_hash: the answer is for that action."
    )


class Takeover(BaseModel):
    model_config = ConfigDict(extra="forbid")
    on: bool


# Take-over input sent over the screen WebSocket
class MouseInput(BaseModel):
    type: Literal["mouse"]
    x: int
    y: int
    button: Literal["left", "middle", "right", "up", "down"] = "left"  # up/down: the wheel, with "scroll"
    action: Literal["move", "down", "up", "click", "scroll"] = "move"


class KeyInput(BaseModel):
    type: Literal["key"]
    key: str = Field(min_length=1, max_length=100)


class TypeInput(BaseModel):
    type: Literal["type"]
    text: str = Field(min_length=1, max_length=10_000)


def _error_text(errors) -> str:
    parts = []
    for error in errors:
        where = ".".join(str(p) for p in error["loc"] if p != "body")
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def inject(run: LiveRun, message: dict) -> None:
    """Replay one take-over input on the run's desktop (XTEST)."""
    desktop = run.desktop
    if desktop is None:
        raise ValueError("the desktop has closed")
    kind = message.get("type") if isinstance(message, dict) else None
    if kind == "mouse":
        m = MouseInput.model_validate(message)
        x, y = min(max(m.x, 0), desktop.size[0] - 1), min(max(m.y, 0), desktop.size[1] - 1)
        desktop.input.move(x, y)
        if m.action == "scroll":
            if m.button not in ("up", "down"):
                raise ValueError("scroll needs button 'up' or 'down'")
            desktop.input.scroll(m.button, 1)
        elif m.action != "move":
            if m.button not in BUTTONS:
                raise ValueError(f"button must be one of {', '.join(BUTTONS)}")
            if m.action in ("down", "click"):
                desktop.input.button(BUTTONS[m.button], True)
            if m.action in ("up", "click"):
                desktop.input.button(BUTTONS[m.button], False)
    elif kind == "key":
        desktop.input.press_chord(parse_chord(KeyInput.model_validate(message).key))
    elif kind == "type":
        desktop.input.type_text(TypeInput.model_validate(message).text)
    else:
        raise ValueError("type must be mouse, key or type")


def create_app(
    manager: RunManager,
    token: str,
    *,
    evals_dir: str | Path | None = None,
    hosts: Iterable[str] = (),
    model_hosts: Iterable[str] = (),
) -> FastAPI:
    """The app. `token` guards everything but the page's static files; `evals_dir` holds eval out dirs.
    hosts: Host header names accepted besides loopback; model_hosts: endpoint hosts allowed in model specs."""
    model_hosts = list(model_hosts)
    evals_root = Path(evals_dir) if evals_dir else None

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        await run_in_threadpool(manager.stop_all)  # no desktop outlives the server

    app = FastAPI(
        title="deskpilot", version="1", description="Drive and watch computer-use runs.", lifespan=lifespan
    )
    app.add_middleware(TokenAuth, token=token)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=[*LOOPBACK_NAMES, *hosts])  # checked first

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        """FastAPI's usual 422 body, plus `message`: every error as one readable line."""
        errors = jsonable_encoder(exc.errors())
        return JSONResponse({"detail": errors, "message": _error_text(errors)}, status_code=422)

    @app.exception_handler(TrajectoryError)
    async def unreadable(request: Request, exc: TrajectoryError):
        """A run folder whose trajectory cannot be read (e.g. a run killed as it started): say so."""
        return JSONResponse({"detail": str(exc), "message": str(exc)}, status_code=422)

    def live_or_404(run_id: str) -> LiveRun:
        run = manager.live(run_id)
        if run is not None:
            return run
        if manager.run_dir(run_id) is not None:
            raise HTTPException(409, f"run {run_id} has finished")
        raise HTTPException(404, f"no run {run_id!r}")

    def run_dir_or_404(run_id: str) -> Path:
        path = manager.run_dir(run_id)
        if path is None:
            raise HTTPException(404, f"no recorded run {run_id!r}")
        return path

    # The page
    @app.get("/", include_in_schema=False)
    def index(request: Request):
        given = request.query_params.get("token")
        if given is not None and secrets.compare_digest(given.encode(), token.encode()):
            response = RedirectResponse("/", status_code=303)  # the token leaves the address bar
            response.set_cookie(cookie_name(request.scope), token, httponly=True, samesite="strict")
            return response
        return FileResponse(
            STATIC / "index.html", headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store"}
        )

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    # Runs
    @app.get("/api/meta", tags=["meta"])
    def meta() -> dict:
        """What the new-run form offers: the app catalog and example model specs."""
        apps = [
            {"name": a.name, "description": a.description, "installed": a.installed} for a in CATALOG.values()
        ]
        return {"apps": apps, "models": EXAMPLE_MODELS}

    @app.get("/api/runs", tags=["runs"])
    def list_runs() -> dict:
        """Live runs and recorded trajectories, newest first."""
        return {"runs": manager.list()}

    @app.post("/api/runs", status_code=201, tags=["runs"])
    def start_run(body: RunRequest) -> dict:
        """Start a run on a fresh desktop. 400 when the model spec is not usable."""
        problem = endpoint_problem(body.model, model_hosts)
        if problem:
            raise HTTPException(400, f"model {body.model!r}: {problem}")
        try:
            run = manager.start(
                body.model, body.instruction, body.apps, parse_size(body.size), body.max_steps
            )
        except ModelError as exc:
            raise HTTPException(400, str(exc)) from None
        return run.summary()

    @app.get("/api/runs/{run_id}", tags=["runs"])
    def get_run(run_id: str) -> dict:
        """A run's summary and every event so far (live screenshots inline, recorded ones as URLs)."""
        run = manager.live(run_id)
        if run is not None:
            return {"run": run.summary(), "events": run.history()}
        path = run_dir_or_404(run_id)
        return {"run": manager.past_summary(path), "events": manager.past_events(path)}

    @app.post("/api/runs/{run_id}/messages", status_code=202, tags=["runs"])
    def send_message(run_id: str, body: Message) -> dict:
        """A follow-up message; the agent reads it before its next model call."""
        try:
            live_or_404(run_id).send_message(body.text)
        except RuntimeError as exc:
            raise HTTPException(409, str(exc)) from None
        return {"queued": True}

    @app.post("/api/runs/{run_id}/confirmations/{call_id}", tags=["runs"])
    def answer(run_id: str, call_id: str, body: Answer) -> dict:
        """Approve or deny an action the safety policy asked about. 409 when action_hash names another
        action than the one waiting (a stale page)."""
        run = live_or_404(run_id)
        request = next((r for r in run.pending() if r["call_id"] == call_id), None)
        if request is None:
            raise HTTPException(404, f"no pending confirmation {call_id!r} in run {run_id}")
        if body.action_hash is not None and body.action_hash != request.get("action_hash"):
            raise HTTPException(409, f"the action waiting as {call_id!r} is not the one you answered")
        if not run.answer(call_id, body.approve):
            raise HTTPException(404, f"no pending confirmation {call_id!r} in run {run_id}")
        return {"call_id": call_id, "approved": body.approve}

    @app.post("/api/runs/{run_id}/stop", tags=["runs"])
    def stop(run_id: str) -> dict:
        """The kill switch: the run and its desktop end within 2 s."""
        run = live_or_404(run_id)
        run.stop()
        return {"state": run.state, "reason": run.reason}

    @app.post("/api/runs/{run_id}/takeover", tags=["runs"])
    def takeover(run_id: str, body: Takeover) -> dict:
        """Take control of the desktop (the agent waits before its next action), or hand it back."""
        run = live_or_404(run_id)
        if run.state == FINISHED:
            raise HTTPException(409, f"run {run_id} has finished")
        run.set_takeover(body.on)
        return {"on": body.on}

    @app.post("/api/runs/{run_id}/replay", status_code=201, tags=["runs"])
    def replay(run_id: str) -> dict:
        """Replay a recorded run's actions, without the model, as a new live run."""
        try:
            run = manager.replay(run_dir_or_404(run_id))
        except ValueError as exc:
            raise HTTPException(400, f"run {run_id} cannot be replayed: {exc}") from None
        return run.summary()

    @app.get("/api/runs/{run_id}/report", response_class=HTMLResponse, tags=["runs"])
    def report(run_id: str):
        """The run's self-contained HTML report."""
        return FileResponse(write_report(run_dir_or_404(run_id)), media_type="text/html")

    @app.get("/api/runs/{run_id}/video", tags=["runs"])
    def video(run_id: str) -> dict:
        """The run's video: wall time of its first frame, frame rate, and its URL (null if it was removed)."""
        info = video_info(run_dir_or_404(run_id))
        if info is None:
            raise HTTPException(404, f"run {run_id} has no video")
        url = f"/api/runs/{run_id}/video.webm" if info.pop("path") else None
        return {**info, "url": url}

    @app.get("/api/runs/{run_id}/video.webm", tags=["runs"])
    def video_file(run_id: str):
        """The run's video (WebM, VP9); range requests let the player seek."""
        info = video_info(run_dir_or_404(run_id))
        if not info or not info.get("path"):
            raise HTTPException(404, f"run {run_id} has no video")
        return FileResponse(info["path"], media_type="video/webm")

    @app.get("/api/runs/{run_id}/shots/{name}", tags=["runs"])
    def shot(run_id: str, name: str):
        """A recorded screenshot."""
        shots = run_dir_or_404(run_id) / "shots"
        path = shots / name
        if path.parent != shots or not path.is_file():
            raise HTTPException(404, f"no screenshot {name!r} in run {run_id}")
        return FileResponse(path)

    # Evals
    def eval_dirs() -> list[Path]:
        if evals_root is None or not evals_root.is_dir():
            return []
        return sorted(
            (p for p in evals_root.iterdir() if (p / "results.json").is_file()),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )

    @app.get("/api/evals", tags=["evals"])
    def list_evals() -> dict:
        """Eval out dirs (folders with a results.json) under the evals folder, newest first, with the
        agent and the summary (score, tasks, ...) that `deskpilot eval` wrote."""
        found = []
        for path in eval_dirs():
            try:
                results = json.loads((path / "results.json").read_text())
            except ValueError:
                results = None
            results = results if isinstance(results, dict) else {}
            found.append(
                {
                    "name": path.name,
                    "modified": path.stat().st_mtime,
                    "has_report": (path / "report.html").is_file(),
                    "agent": results.get("agent"),
                    "summary": results.get("summary"),
                }
            )
        return {"evals": found}

    @app.get("/api/evals/{name}/report", response_class=HTMLResponse, tags=["evals"])
    def eval_report(name: str):
        """An eval's HTML report."""
        for path in eval_dirs():
            if path.name == name and (path / "report.html").is_file():
                return FileResponse(path / "report.html", media_type="text/html")
        raise HTTPException(404, f"no eval report {name!r}")

    # WebSockets
    @app.websocket("/api/runs/{run_id}/events")
    async def events(ws: WebSocket, run_id: str):
        """Every event of the run as JSON text frames: first the past ones, then live ones until the end."""
        await ws.accept()
        run = manager.live(run_id)
        try:
            if run is None:
                path = manager.run_dir(run_id)
                if path is None:
                    await ws.close(4404, f"no run {run_id}")
                    return
                try:
                    past = await run_in_threadpool(manager.past_events, path)
                except TrajectoryError as exc:
                    await ws.close(4422, str(exc)[:120])  # a close reason is at most 123 bytes
                    return
                for event in past:
                    await ws.send_text(json.dumps(event))
                await ws.close()
                return
            history, queue = run.subscribe(asyncio.get_running_loop())
            try:
                for event in history:
                    await ws.send_text(json.dumps(event))
                    if event["kind"] == STATE and event["data"]["state"] == FINISHED:
                        return
                while True:
                    event = await queue.get()
                    await ws.send_text(json.dumps(event))
                    if event["kind"] == STATE and event["data"]["state"] == FINISHED:
                        return
            finally:
                run.unsubscribe(queue)
                with contextlib.suppress(RuntimeError):
                    await ws.close()
        except WebSocketDisconnect:
            return

    @app.websocket("/api/runs/{run_id}/screen")
    async def screen(ws: WebSocket, run_id: str):
        """Live frames (binary JPEG) while the run's desktop lives. While the user has taken over, text
        frames {type: mouse|key|type, ...} from the browser are replayed on the desktop."""
        await ws.accept()
        run = manager.live(run_id)
        if run is None:
            await ws.close(4404, f"no live run {run_id}")
            return

        async def receive() -> None:
            while True:
                text = await ws.receive_text()
                try:
                    message = json.loads(text)
                    if not run.taken_over:
                        raise ValueError("take over the desktop first")
                    await run_in_threadpool(inject, run, message)
                except (ValueError, ValidationError, KeyNameError, DesktopError) as exc:
                    await ws.send_text(json.dumps({"type": "error", "message": str(exc)}))

        async def send() -> None:
            while run.state != FINISHED and run.desktop is None:  # still starting
                await asyncio.sleep(0.1)
            loop = asyncio.get_running_loop()
            while True:
                started = loop.time()
                frame = await run_in_threadpool(run.frame)
                if frame is None:
                    return
                await ws.send_bytes(frame)
                await asyncio.sleep(max(0.0, 1 / SCREEN_FPS - (loop.time() - started)))

        tasks = [asyncio.create_task(receive()), asyncio.create_task(send())]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                error = task.exception()
                if error is not None and not isinstance(error, WebSocketDisconnect | OSError):
                    raise error  # a closed connection ends the stream; anything else is a bug
        finally:
            for task in tasks:
                task.cancel()
            with contextlib.suppress(RuntimeError):
                await ws.close(1000, "the desktop has closed")

    return app
