"""`deskpilot run`: one instruction, one model, one local desktop, with live progress and a report."""

from __future__ import annotations

import os
import signal
import sys
import tomllib
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from deskpilot.agent import Agent, Event, RunConfig
from deskpilot.agent.loop import new_run_id
from deskpilot.core import events as ev
from deskpilot.core.stops import STOPPED
from deskpilot.safety import killswitch

console = Console(stderr=True, highlight=False, soft_wrap=True)  # long paths and text stay on one line
ANSWER_SHOWN = 4000  # characters of the final answer printed; the trajectory keeps it (up to its own cap)
DEFAULT_REQUEST_TIMEOUT_S = 300.0
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_STOPPED = 0, 1, 2, 3
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
    request_timeout: float = typer.Option(
        None,
        "--request-timeout",
        help="Seconds to wait for one model API request (default 300, never more than --max-time).",
    ),
    max_tokens: int = typer.Option(None, "--max-tokens"),
    max_cost: float = typer.Option(None, "--max-cost", help="Budget in estimated USD."),
    out: Path = typer.Option(None, "--out", help="Folder for trajectories (default ./runs)."),
    home: Path = typer.Option(None, "--home", help="Use this folder as the desktop's HOME."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Approve every action the policy would ask about."),
    sandbox: bool = typer.Option(
        None, "--sandbox/--no-sandbox", help="Run apps and bash as the unprivileged deskpilot user (as root)."
    ),
    system: str = typer.Option("", "--system", help="Text appended to the system prompt."),
    policy: Path = typer.Option(None, "--policy", help="Safety policy file (default: the built-in policy)."),
    config_file: Path = typer.Option(None, "--config", help=f"Settings file (default {CONFIG_PATH})."),
) -> None:
    """Run an instruction on a fresh local desktop. Prints the run id that `deskpilot stop` takes.

    Exit codes: 0 the task succeeded, 1 it failed or hit a limit, 2 bad usage, 3 stopped.
    """
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
    )
    out_dir = Path(setting(out, "out", settings, "runs", Path))
    apps = app_names or settings.get("apps", [])
    timeout = setting(request_timeout, "request_timeout", settings, DEFAULT_REQUEST_TIMEOUT_S, float)
    if timeout <= 0:
        raise typer.BadParameter(f"--request-timeout must be positive, got {timeout}")
    try:
        provider = make_provider(model, timeout=min(timeout, config.max_seconds))
    except (ProviderError, ImportError) as exc:
        console.print(Text(str(exc), "red"))
        raise typer.Exit(EXIT_USAGE) from None

    def on_sigterm(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    console.print(
        Text.assemble(
            ("deskpilot run", "bold"),
            f" model={provider.spec} size={size_wh[0]}x{size_wh[1]} apps={apps or '-'}",
        )
    )
    run_id = new_run_id()
    killswitch.register_run(run_id)  # `deskpilot stop` ends this process and its desktop
    console.print(Text(f"run id: {run_id} (stop it with: deskpilot stop {run_id})"))
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
                run_id=run_id,
                on_event=lambda e: (line := describe(e)) and console.print(line),
            )
            result = agent.run(instruction)
    except KeyError as exc:
        console.print(Text(str(exc.args[0]), "red"))
        raise typer.Exit(EXIT_USAGE) from None
    except KeyboardInterrupt:  # stopped before the loop ran (while the desktop started)
        console.print(Text(STOPPED, "bold red"))
        raise typer.Exit(EXIT_STOPPED) from None
    finally:
        stopped_by_killswitch = killswitch.stop_requested(run_id)
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
    if result.reason == STOPPED and stopped_by_killswitch:
        # `deskpilot stop` kills what is alive 2 s after the stop; everything is closed and printed, so
        # skip the interpreter's teardown (over a second on a busy machine) and exit with our code now.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_STOPPED)
    raise typer.Exit(exit_code(result))


def exit_code(result) -> int:
    """0 success, 1 failure, 2 bad usage, 3 stopped (`deskpilot stop`, Ctrl-C or SIGTERM)."""
    if result.reason == STOPPED:
        return EXIT_STOPPED
    return EXIT_OK if result.ok else EXIT_FAILED


def register(app: typer.Typer) -> None:
    app.command("run")(run)
