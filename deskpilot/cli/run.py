"""`deskpilot run`: one instruction, one model, one local desktop, with live progress and a report."""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import tomllib
from pathlib import Path
from urllib.parse import urlencode

import typer
from rich.console import Console
from rich.text import Text

from deskpilot.agent import Event, RunConfig
from deskpilot.core import events as ev
from deskpilot.core.stops import REFUSED, STOPPED
from deskpilot.safety import killswitch

console = Console(stderr=True, highlight=False, soft_wrap=True)  # long paths and text stay on one line
ANSWER_SHOWN = 4000  # characters of the final answer printed; the trajectory keeps it (up to its own cap)
DEFAULT_REQUEST_TIMEOUT_S = 300.0
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_STOPPED, EXIT_REFUSED = 0, 1, 2, 3, 4
CONFIG_PATH = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "deskpilot" / "config.toml"


def load_settings(config_file: Path | None) -> dict:
    """Settings from the config file's [run] table; flags and DESKPILOT_* variables override them."""
    path = config_file or CONFIG_PATH
    if not path.exists():
        if config_file:
            raise typer.BadParameter(f"config file {path} does not exist")
        return {}
    with open(path, "rb") as f:
        return tomllib.load(f).get("run", {})


def setting(flag, name: str, settings: dict, default, cast=str):
    if flag is not None:
        return flag
    env = os.environ.get(f"DESKPILOT_{name.upper()}")
    if env is not None:
        return cast(env)
    return cast(settings[name]) if name in settings else default


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise typer.BadParameter(f"size must look like 1280x800, got {text!r}") from None
    if not (200 <= width <= 7680 and 200 <= height <= 4320):
        raise typer.BadParameter(f"size {text} is out of range (200..7680 x 200..4320)")
    return width, height


def clip(text: object, limit: int) -> str:
    """At most `limit` characters of `text` for the terminal, saying how much was left out."""
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit} more characters; the trajectory has the rest]"


def describe(event: Event) -> Text | None:
    """One progress line. Model and API text goes in as plain Text: it is never parsed as markup."""
    data = event.data
    if event.kind == ev.MODEL_OUTPUT and data["text"]:
        return Text.assemble((f"step {event.step} ", "bold"), ("model: ", "cyan"), clip(data["text"], 300))
    if event.kind == ev.ACTION:
        detail = " ".join(f"{k}={v}" for k, v in data["input"].items())
        verdict = data.get("decision") or {}
        flag = (
            f" ({verdict['verdict']}: {verdict['reason']})"
            if verdict.get("verdict", "allow") != "allow"
            else ""
        )
        return Text.assemble(
            (f"step {event.step} ", "bold"),
            (f"{data['tool']} ", "green"),
            clip(detail, 200),
            (flag, "yellow"),
        )
    if event.kind == ev.RESULT and data["error"]:
        return Text.assemble(("  error: ", "red"), clip(data["error"], 300))
    if event.kind == ev.RESULT and data["output"]:
        return Text.assemble("  ", (clip(data["output"], 300), "dim"))
    if event.kind == ev.RETRY:
        return Text.assemble(
            (f"  retry {data['attempt']} in {data['delay_s']} s: ", "yellow"), clip(data["error"], 200)
        )
    return None


def make_confirmer(yes: bool):
    """Who answers the policy's "confirm": --yes approves, a terminal asks, headless denies."""
    from deskpilot.safety.confirm import CliConfirmer, auto_approve, headless

    return auto_approve if yes else CliConfirmer(console=console) if sys.stdin.isatty() else headless


def make_request_bounded_provider(model: str, timeout: float):
    """The provider for `model`, its API requests bounded by `timeout` seconds where it takes that option."""
    import importlib
    import inspect

    from deskpilot.providers import REGISTRY, make_provider

    module, cls = REGISTRY.get(model.partition("?")[0].partition(":")[0], (None, None))
    if (
        module is None
        or "timeout" not in inspect.signature(getattr(importlib.import_module(module), cls)).parameters
    ):
        return make_provider(model)  # an unknown prefix gets make_provider's own error
    return make_provider(model, timeout=timeout)


def run(
    instruction: str = typer.Argument(..., help="What the agent should do."),
    model: str = typer.Option(
        None,
        "--model",
        "-m",
        help="Model spec: local, anthropic:<model>, openai:<model>, gemini:<model>, ...",
    ),
    computer_tool: str = typer.Option(
        None,
        "--computer-tool",
        help="Force the model's computer tool: computer_toolset_20260801, computer_20251124, ... (Claude), "
        "computer or computer_use_preview (OpenAI). Default: by model.",
    ),
    app_names: list[str] = typer.Option(None, "--app", "-a", help="App to open first (repeatable)."),
    size: str = typer.Option(None, "--size", help="Screen size WxH."),
    max_steps: int = typer.Option(None, "--max-steps"),
    max_time: float = typer.Option(None, "--max-time", help="Wall-time budget in seconds."),
    request_timeout: float = typer.Option(
        None,
        "--request-timeout",
        help="Seconds to wait for one model API request (default 300, never more than --max-time).",
    ),
    max_tokens: int = typer.Option(None, "--max-tokens"),
    max_cost: float = typer.Option(None, "--max-cost", help="Budget in estimated USD."),
    out: Path = typer.Option(None, "--out", help="Folder for trajectories (default ./runs)."),
    home: Path = typer.Option(None, "--home", help="Use this folder as the desktop's HOME."),
    home_size: int = typer.Option(
        None,
        "--home-size",
        min=1,
        help="HOME's size in MB in the sandbox (default 1024; a given HOME is copied in).",
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Approve every action the policy would ask about."),
    sandbox: bool = typer.Option(
        None,
        "--sandbox/--no-sandbox",
        help="Contain apps, commands and bash in a bubblewrap pod as the unprivileged deskpilot user (as root).",
    ),
    rollback: bool = typer.Option(
        False, "--rollback", help="Put the desktop's HOME back as it was before the run when the run ends."
    ),
    allow_net: list[str] = typer.Option(
        None, "--allow-net", help="Host (or host:port) the sandbox may reach through its logging proxy."
    ),
    video: bool = typer.Option(
        None, "--video/--no-video", help="Record the desktop as video.webm in the run folder (default on)."
    ),
    system: str = typer.Option("", "--system", help="Text appended to the system prompt."),
    policy: Path = typer.Option(None, "--policy", help="Safety policy file (default: the built-in policy)."),
    config_file: Path = typer.Option(None, "--config", help=f"Settings file (default {CONFIG_PATH})."),
) -> None:
    """Run an instruction on a fresh local desktop. Prints the run id that `deskpilot stop` takes.

    Exit codes: 0 the task succeeded, 1 it failed or hit a limit, 2 bad usage, 3 stopped.
    """
    from deskpilot.agent.session import RunSession, RunSpec
    from deskpilot.desktop.sandbox import HomeSnapshots
    from deskpilot.providers import ProviderError

    settings = load_settings(config_file)
    sandboxed = setting(sandbox, "sandbox", settings, True, lambda v: str(v).lower() in ("1", "true", "yes"))
    model = setting(model, "model", settings, "local")
    computer_tool = setting(computer_tool, "computer_tool", settings, None)
    if computer_tool:  # a provider option on the spec: "anthropic:claude-sonnet-5?computer_tool=..."
        model += ("&" if "?" in model else "?") + urlencode({"computer_tool": computer_tool})
    spec = RunSpec(
        instruction=instruction,
        model=model,
        apps=app_names or settings.get("apps", []),
        size=parse_size(setting(size, "size", settings, "1280x800")),
        home=home,
        sandbox=sandboxed and os.geteuid() == 0,
        config=RunConfig(
            max_steps=setting(max_steps, "max_steps", settings, 30, int),
            max_seconds=setting(max_time, "max_time", settings, 1800.0, float),
            max_tokens=setting(max_tokens, "max_tokens", settings, None, int),
            max_cost_usd=setting(max_cost, "max_cost", settings, None, float),
            system_prompt_suffix=system or settings.get("system", ""),
            video=setting(video, "video", settings, True, lambda v: str(v).lower() in ("1", "true", "yes")),
        ),
        out_dir=Path(setting(out, "out", settings, "runs", Path)),
        policy=policy,
        confirmer=make_confirmer(yes),
        network_allow=list(allow_net or settings.get("allow_net", [])),
        home_mb=setting(home_size, "home_size", settings, None, int),
    )
    timeout = setting(request_timeout, "request_timeout", settings, DEFAULT_REQUEST_TIMEOUT_S, float)
    if timeout <= 0:
        raise typer.BadParameter(f"--request-timeout must be positive, got {timeout}")

    def on_sigterm(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        provider = make_request_bounded_provider(model, min(timeout, spec.config.max_seconds))
        session = RunSession(
            spec, provider=provider, listeners=[lambda e: (line := describe(e)) and console.print(line)]
        )
    except (ProviderError, ImportError, ValueError) as exc:
        console.print(Text(str(exc), "red"))
        raise typer.Exit(EXIT_USAGE) from None
    width, height = spec.size
    console.print(
        Text.assemble(
            ("deskpilot run", "bold"),
            f" id={session.run_id} model={session.provider.spec} size={width}x{height} apps={spec.apps or '-'}",
        )
    )
    admitted = session.screen()  # the task screener, before any desktop starts
    screening = session.guard.screenings[-1] if session.guard and session.guard.screenings else None
    if screening is not None and screening.flagged:
        colour = "yellow" if admitted else "red"
        console.print(f"[{colour}]task screener: {screening.verdict}[/] {screening.reason}")
    if not admitted:
        console.print(f"[bold red]refused[/]: the task was not started\naudit log: {session.run_dir}/audit")
        raise typer.Exit(EXIT_REFUSED)
    snapshots = None
    if rollback and home:  # a temporary HOME goes away with the desktop anyway
        home.mkdir(parents=True, exist_ok=True)
        snapshots = HomeSnapshots(home, tempfile.mkdtemp(prefix="deskpilot-rollback-"))
        snapshots.take()
    killswitch.register_run(session.run_id)  # `deskpilot stop` ends this process and its desktop
    console.print(Text(f"run id: {session.run_id} (stop it with: deskpilot stop {session.run_id})"))
    try:
        with session:
            desktop = session.desktop
            if desktop is not None and desktop.containment != "pod" and spec.sandbox:
                console.print(
                    Text(f"containment: {desktop.containment} only ({desktop.unavailable})", "yellow")
                )
            result = session.run()
    except KeyError as exc:
        console.print(Text(str(exc.args[0]), "red"))
        raise typer.Exit(EXIT_USAGE) from None
    except KeyboardInterrupt:  # stopped before the loop ran (while the desktop started)
        console.print(Text(STOPPED, "bold red"))
        raise typer.Exit(EXIT_STOPPED) from None
    finally:
        stopped_by_killswitch = killswitch.stop_requested(session.run_id)
        killswitch.unregister_run(session.run_id)
        if snapshots is not None:  # the desktop and everything in its pod have ended
            snapshots.restore(0)
            snapshots.discard()
            console.print(Text(f"home rolled back: {home}"))
    report = None
    if result.run_dir:
        try:
            from deskpilot.store.report import write_report

            report = write_report(result.run_dir)
        except ImportError:
            report = None
    colour = "green" if result.ok else "red"
    console.print(
        Text.assemble(
            (result.reason, f"bold {colour}"),
            f" steps={result.steps} tokens={result.input_tokens}+{result.output_tokens}"
            f" cost=${result.cost_usd:.4f} time={result.elapsed_s:.1f}s",
        )
    )
    if result.final_text:
        console.print(Text.assemble(("answer: ", "bold"), clip(result.final_text, ANSWER_SHOWN)))
    if result.error:
        console.print(Text.assemble(("error: ", "red"), clip(result.error, ANSWER_SHOWN)))
    console.print(Text(f"trajectory: {result.run_dir}" + (f"\nreport: {report}" if report else "")))
    if result.run_dir and (Path(result.run_dir) / "video.webm").exists():
        console.print(Text(f"video: {Path(result.run_dir) / 'video.webm'}"))
    if result.reason == STOPPED and stopped_by_killswitch:
        # `deskpilot stop` kills what is alive 2 s after the stop; everything is closed and printed, so
        # skip the interpreter's teardown (over a second on a busy machine) and exit with our code now.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_STOPPED)
    raise typer.Exit(exit_code(result))


def exit_code(result) -> int:
    """0 success, 1 failure, 2 bad usage, 3 stopped (`deskpilot stop`, Ctrl-C or SIGTERM), 4 refused by the
    task screener (a follow-up message)."""
    if result.reason == STOPPED:
        return EXIT_STOPPED
    if result.reason == REFUSED:
        return EXIT_REFUSED
    return EXIT_OK if result.ok else EXIT_FAILED


def register(app: typer.Typer) -> None:
    app.command("run")(run)
