"""`deskpilot run`: one instruction, one model, one local desktop, with live progress and a report."""

from __future__ import annotations

import os
import signal
import sys
import tomllib
from pathlib import Path

import typer
from rich.console import Console

from deskpilot.agent import Agent, Event, RunConfig
from deskpilot.agent.loop import new_run_id
from deskpilot.core import events as ev
from deskpilot.safety import killswitch

console = Console(stderr=True)
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


def describe(event: Event) -> str | None:
    data = event.data
    if event.kind == ev.MODEL_OUTPUT and data["text"]:
        return f"[bold]step {event.step}[/] [cyan]model:[/] {data['text'][:300]}"
    if event.kind == ev.ACTION:
        detail = " ".join(f"{k}={v}" for k, v in data["input"].items())
        verdict = data.get("decision") or {}
        flag = (
            f" [yellow]({verdict['verdict']}: {verdict['reason']})[/]"
            if verdict.get("verdict", "allow") != "allow"
            else ""
        )
        return f"[bold]step {event.step}[/] [green]{data['tool']}[/] {detail[:200]}{flag}"
    if event.kind == ev.RESULT and data["error"]:
        return f"  [red]error:[/] {data['error'][:300]}"
    if event.kind == ev.RESULT and data["output"]:
        return f"  [dim]{data['output'][:300]}[/]"
    if event.kind == ev.RETRY:
        return f"  [yellow]retry {data['attempt']} in {data['delay_s']} s:[/] {data['error'][:200]}"
    return None


def make_guard(yes: bool, policy: Path | None):
    """The safety layer: --yes approves what the policy would ask about, a terminal asks, headless denies."""
    from deskpilot.safety import Guard, Policy
    from deskpilot.safety.confirm import CliConfirmer, auto_approve, headless

    confirmer = auto_approve if yes else CliConfirmer(console=console) if sys.stdin.isatty() else headless
    return Guard(Policy.load(policy), confirmer=confirmer)


def run(
    instruction: str = typer.Argument(..., help="What the agent should do."),
    model: str = typer.Option(
        None, "--model", "-m", help="Model spec: local, anthropic:<model>, openai:<model>, ..."
    ),
    app_names: list[str] = typer.Option(None, "--app", "-a", help="App to open first (repeatable)."),
    size: str = typer.Option(None, "--size", help="Screen size WxH."),
    max_steps: int = typer.Option(None, "--max-steps"),
    max_time: float = typer.Option(None, "--max-time", help="Wall-time budget in seconds."),
    max_tokens: int = typer.Option(None, "--max-tokens"),
    max_cost: float = typer.Option(None, "--max-cost", help="Budget in estimated USD."),
    out: Path = typer.Option(None, "--out", help="Folder for trajectories (default ./runs)."),
    home: Path = typer.Option(None, "--home", help="Use this folder as the desktop's HOME."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Approve every action the policy would ask about."),
    sandbox: bool = typer.Option(
        None, "--sandbox/--no-sandbox", help="Run apps and bash as the unprivileged deskpilot user (as root)."
    ),
    video: bool = typer.Option(
        None, "--video/--no-video", help="Record the desktop as video.webm in the run folder (default on)."
    ),
    system: str = typer.Option("", "--system", help="Text appended to the system prompt."),
    policy: Path = typer.Option(None, "--policy", help="Safety policy file (default: the built-in policy)."),
    config_file: Path = typer.Option(None, "--config", help=f"Settings file (default {CONFIG_PATH})."),
) -> None:
    """Run an instruction on a fresh local desktop."""
    from deskpilot.core.turns import ProviderError
    from deskpilot.desktop import Desktop
    from deskpilot.providers import make_provider

    settings = load_settings(config_file)
    model = setting(model, "model", settings, "local")
    size_wh = parse_size(setting(size, "size", settings, "1280x800"))
    config = RunConfig(
        max_steps=setting(max_steps, "max_steps", settings, 30, int),
        max_seconds=setting(max_time, "max_time", settings, 1800.0, float),
        max_tokens=setting(max_tokens, "max_tokens", settings, None, int),
        max_cost_usd=setting(max_cost, "max_cost", settings, None, float),
        system_prompt_suffix=system or settings.get("system", ""),
        video=setting(video, "video", settings, True, lambda v: str(v).lower() in ("1", "true", "yes")),
    )
    out_dir = Path(setting(out, "out", settings, "runs", Path))
    apps = app_names or settings.get("apps", [])
    try:
        provider = make_provider(model)
    except (ProviderError, ImportError) as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from None

    def on_sigterm(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    console.print(
        f"[bold]deskpilot run[/] model={provider.spec} size={size_wh[0]}x{size_wh[1]} apps={apps or '-'}"
    )
    run_id = new_run_id()
    killswitch.register_run(run_id)  # `deskpilot stop` ends this process and its desktop
    try:
        sandboxed = setting(
            sandbox, "sandbox", settings, True, lambda v: str(v).lower() in ("1", "true", "yes")
        )
        with Desktop(size=size_wh, apps=apps, home=home, sandbox=sandboxed and os.geteuid() == 0) as desktop:
            agent = Agent(
                provider,
                desktop,
                config,
                out_dir=out_dir,
                guard=make_guard(yes, policy),
                on_event=lambda e: (line := describe(e)) and console.print(line),
            )
            result = agent.run(instruction)
    except KeyError as exc:
        console.print(f"[red]{exc.args[0]}[/]")
        raise typer.Exit(2) from None
    finally:
        killswitch.unregister_run(run_id)
    report = None
    if result.run_dir:
        try:
            from deskpilot.store.report import write_report

            report = write_report(result.run_dir)
        except ImportError:
            report = None
    colour = "green" if result.ok else "red"
    console.print(
        f"[bold {colour}]{result.reason}[/] steps={result.steps} tokens={result.input_tokens}+{result.output_tokens}"
        f" cost=${result.cost_usd:.4f} time={result.elapsed_s:.1f}s"
    )
    if result.final_text:
        console.print(f"[bold]answer:[/] {result.final_text}")
    if result.error:
        console.print(f"[red]error:[/] {result.error}")
    console.print(f"trajectory: {result.run_dir}" + (f"\nreport: {report}" if report else ""))
    if result.run_dir and (Path(result.run_dir) / "video.webm").exists():
        console.print(f"video: {Path(result.run_dir) / 'video.webm'}")
    raise typer.Exit(0 if result.ok else 1)


def register(app: typer.Typer) -> None:
    app.command("run")(run)
