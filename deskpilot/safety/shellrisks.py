"""What a command line does beyond its plain words: indirect code, persistence, mass signals, exhaustion.

Each check takes one parsed simple command (see `shell.analyse`) or the normalised command line, and
returns Decisions. `BashRules` calls them for every bash tool call and every line typed into a shell.
These rules are an alarm, not the boundary: the sandbox (`deskpilot/desktop/sandbox.py`) holds whatever
they miss.
"""

from __future__ import annotations

import re

from deskpilot.safety.pycode import is_plain
from deskpilot.safety.shell import SCRIPTING, SHELLS, SUBST_RE, Command
from deskpilot.safety.verdicts import CONFIRM, DENY, Decision

# The flags that give an interpreter (shell.SCRIPTING) its program as an argument (python -c, perl -e ...).
CODE_FLAGS = {"-c", "-e", "-E", "--eval", "-r", "--command", "-x", "--exec"}
# Programs that run a command line given to them: terminals (-e, -x, --), schedulers, session tools.
RUNS_COMMAND = {"xterm", "uxterm", "x-terminal-emulator", "gnome-terminal", "konsole", "xfce4-terminal",
                "lxterminal", "mate-terminal", "terminator", "tilix", "urxvt", "rxvt", "st", "kitty", "alacritty",
                "sakura", "qterminal", "at", "batch", "systemd-run", "script", "tmux", "screen", "dtach",
                "gdb", "run-parts", "vim", "vi", "nvim", "ex", "emacs", "less", "pdsh", "parallel"}  # fmt: skip
# Environment variables whose value the shell or loader later runs as code.
CODE_VARIABLES = {"PROMPT_COMMAND", "BASH_ENV", "ENV", "LD_PRELOAD", "LD_AUDIT", "PS0", "PERL5OPT",
                  "PYTHONSTARTUP", "NODE_OPTIONS", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_EXEC_PATH", "SHELLOPTS",
                  "BASHOPTS", "BASH_FUNC"}  # fmt: skip
# Files that run code at every shell start or login, and folders whose entries do.
RC_FILES = {".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".bash_aliases", ".profile", ".zshrc",
            ".zprofile", ".zshenv", ".zlogin", ".zlogout", ".kshrc", ".mkshrc", ".cshrc", ".tcshrc",
            ".xinitrc", ".xsession", ".xsessionrc", ".xprofile", ".pam_environment", ".gitconfig",
            "config.fish", "bash.bashrc", "profile", "environment", ".Xsession"}  # fmt: skip
# The start-up files a shell sources (what `source ~/.bashrc` re-reads).
SHELL_STARTUP = RC_FILES - {".gitconfig", ".pam_environment", "environment", "profile", "bash.bashrc"}
PERSISTENT_DIRS = ("autostart", "environment.d", "systemd", "cron.d", "crontabs", "cron.daily", "cron.hourly",
                   "cron.weekly", "cron.monthly", "profile.d", "hooks", "init.d", "rc.local",
                   "xdg/autostart", "fish/conf.d", "ld.so.preload", ".bashrc.d", "plasma-workspace/env")  # fmt: skip
# git settings whose value git runs as a command.
GIT_CODE_KEYS = re.compile(
    r"^(core\.(sshcommand|hookspath|pager|editor|fsmonitor|askpass|gitproxy)|sequence\.editor|gpg\.program|"
    r"gpg\.\w+\.program|credential\..*helper|diff\..*\.(textconv|command)|filter\..*\.(clean|smudge|process)|"
    r"merge\..*\.driver|pager\..*|alias\..*|include\.path|includeif\..*|uploadpack\.packobjectshook)$",
    re.I,
)
# Processes that keep the desktop alive: signalling them ends the session.
INFRASTRUCTURE = {"xvfb", "xorg", "x", "openbox", "dbus-daemon", "dbus-broker", "at-spi-bus-launcher",
                  "at-spi2-registryd", "bwrap", "nsenter", "deskpilot", "python", "python3", "init",
                  "systemd", "sshd", "bash", "sh"}  # fmt: skip
# The desktop session itself: shells, window managers and compositors, panels, session and display
# managers of the common desktops. Killing one ends or breaks the user's session.
SESSION = {"gnome-shell", "gnome-session", "gnome-session-binary", "gnome-settings-daemon", "mutter",
           "plasmashell", "kwin", "kwin_x11", "kwin_wayland", "ksmserver", "kded5", "kded6", "xfwm4",
           "xfce4-session", "xfce4-panel", "xfdesktop", "xfsettingsd", "lxsession", "lxpanel", "lxqt-session",
           "lxqt-panel", "openbox-session", "marco", "mate-session", "mate-panel", "metacity", "cinnamon",
           "cinnamon-session", "muffin", "budgie-wm", "budgie-panel", "i3", "sway", "weston", "xwayland",
           "gdm", "gdm3", "lightdm", "sddm", "xdm", "lxdm", "systemd-logind", "xinit", "startx",
           "x-session-manager", "x-window-manager", "xdg-desktop-portal", "polkitd"}  # fmt: skip
# Browser profiles: deleting or rewriting one loses its history, cookies and saved passwords.
BROWSER_PROFILES = re.compile(
    r"\.mozilla(/|$)|\.config/(google-chrome|chromium|BraveSoftware|vivaldi|opera|microsoft-edge)|snap/(firefox|chromium)/"
)
# Services that publish a local port on the internet through a relay (a tunnel out of any firewall).
TUNNELS = {"ngrok", "cloudflared", "lt", "localtunnel", "bore", "frpc", "chisel", "pagekite", "pagekite.py",
           "zrok", "loclx", "inlets", "telebit", "sish", "expose", "tunnelto", "pinggy"}  # fmt: skip
# History kept outside the shell: browsers (Firefox places and form history, Chromium's History), recent
# files (GTK), login records.
HISTORY_FILES = {"places.sqlite", "formhistory.sqlite", "recently-used.xbel", "wtmp", "btmp",
                 "lastlog", "utmp", "visited links"}  # fmt: skip
# pkill/killall options that take a value, and those among them that select processes by owner, group,
# terminal, session, parent or age (procps pkill(1), psmisc killall(1)).
PKILL_VALUES = {"-u", "-U", "-g", "-G", "-P", "-s", "-t", "-F", "-O", "--signal", "--uid", "--euid", "--pgroup",
                "--group", "--parent", "--session", "--terminal", "--pidfile", "--older", "--ns", "--nslist"}  # fmt: skip
PKILL_SELECTORS = PKILL_VALUES - {"-F", "--pidfile", "--signal", "--ns", "--nslist"}
KILLALL_VALUES = {"-s", "--signal", "-u", "--user", "-o", "--older-than", "-y", "--younger-than", "-n", "--ns",
                  "-Z", "--context"}  # fmt: skip
KILLALL_SELECTORS = {"-u", "--user", "-o", "--older-than", "-y", "--younger-than", "-Z", "--context"}
IP_CHANGES = {"add", "del", "delete", "set", "flush", "change", "replace", "down", "up"}
NMCLI_CHANGES = {"off", "down", "delete", "modify", "disconnect", "edit"}  # joining a network is not listed
# Commands that change a file's metadata, never its contents: a start-up file stays what it was (a hook or
# autostart entry made executable does start to run, so those stay persistence).
METADATA_ONLY = {"chmod", "chown", "chgrp", "touch"}
TMUX_RUNNERS = {"send-keys", "send", "run-shell", "run", "if-shell", "if", "pipe-pane", "pipep", "popup"}
# Variables that turn TLS certificate checks off, with the values that do it (an empty CURL_CA_BUNDLE did so in
# requests before 2.28: https://github.com/psf/requests/issues/6071).
TLS_OFF = {"NODE_TLS_REJECT_UNAUTHORIZED": ("0",), "PYTHONHTTPSVERIFY": ("0",), "CURL_CA_BUNDLE": ("",),
           "GIT_SSL_NO_VERIFY": ("1", "true", "yes")}  # fmt: skip
DB_CLIENTS = {"sqlite3", "sqlite", "mysql", "mariadb", "psql", "mongo", "mongosh", "redis-cli", "clickhouse-client",
              "duckdb", "cqlsh"}  # fmt: skip
SIGNAL_COMMANDS = {"kill", "pkill", "killall", "killall5", "skill", "snice", "pgrep"}
UNBOUNDED_SOURCES = re.compile(r"^(yes|seq\s+inf\b|cat\s+/dev/(zero|u?random))")
VENV_ACTIVATE = re.compile(r"^[\w./~-]*/bin/activate(\.fish|\.csh)?$")
ENDLESS = {"/dev/zero", "/dev/urandom", "/dev/random"}
STRESS_TOOLS = {"stress", "stress-ng", "memtester", "cpuburn", "burnP6"}
GiB = 1 << 30
DISK_LIMIT = 2 * GiB  # one file larger than this counts as filling the disk


def indirect(cmd: Command, verdict: str) -> list[Decision]:
    """Code run indirectly: -c/-e programs, eval, source, here-strings and stdin into interpreters,
    terminals and schedulers that run a command, computed command names."""
    name, argv = cmd.name, cmd.argv
    base = name.rstrip("0123456789.")
    found = []
    interpreter = name in SHELLS or base in SCRIPTING or name in SCRIPTING
    if name in ("source", ".") and len(argv) == 2 and VENV_ACTIVATE.search(argv[1]):
        pass  # a virtualenv's own activate script (`python -m venv` writes it)
    elif name in ("source", ".") and len(argv) == 2 and _own_startup_file(argv[1]):
        pass  # what every new shell runs anyway (a write to it is persistence, denied on its own)
    elif plain_python(cmd):
        pass  # seen in full: it only computes and prints (see pycode)
    elif name in ("eval", "source", ".", "exec") and len(argv) > 1 and name != "exec":
        found.append(f"`{name}` runs code from {'a file' if name != 'eval' else 'a string'}")
    elif interpreter and any(_gives_code(name, w) for w in _own_options(name, argv)):
        found.append(f"`{name}` runs a program given on the command line")
    elif (
        interpreter
        and base in ("awk", "gawk", "mawk", "nawk")
        and re.search(r"system\s*\(|\|\s*getline|print[^;]*\|", " ".join(argv[1:]))
    ):
        found.append(f"`{name}` program runs commands")
    elif interpreter and any(op in ("<<<", "<<", "<<-") for op, _ in cmd.redirects):
        found.append(f"a here-document or here-string is run by `{name}`")
    elif interpreter and (
        argv[1:2] == ["-"] or (len(argv) > 1 and SUBST_RE.fullmatch(argv[-1]) and name in SHELLS | SCRIPTING)
    ):
        found.append(f"`{name}` runs generated code")
    elif interpreter and any(op == "<" and SUBST_RE.search(t) for op, t in cmd.redirects):
        found.append(f"`{name}` runs generated code")
    elif name == "sed" and _sed_executes(argv):
        found.append("`sed` runs commands (e)")
    elif name == "env" and any(w in ("-S", "--split-string") or w.startswith("-S") for w in argv[1:]):
        found.append("`env -S` runs a command line")
    elif name in RUNS_COMMAND and _runs_a_command(name, argv):
        found.append(f"`{name}` runs a command line")
    elif name == "busybox" and argv[1:2] and argv[1] in SHELLS:
        found.append("busybox runs a shell")
    elif name == "xdotool" and "type" in argv:
        found.append("`xdotool type` types text into a window")
    return [Decision(verdict, f"indirect code: {reason}", "bash.indirect") for reason in found[:1]]


def plain_python(cmd: Command) -> bool:
    """A Python program given as text (-c, a here-document, a pipe) that only computes and prints."""
    return (
        bool(re.fullmatch(r"python[0-9.]*", cmd.name)) and cmd.program is not None and is_plain(cmd.program)
    )


def _own_startup_file(word: str) -> bool:
    """`~/.bashrc`, `$HOME/.profile`: the user's own shell start-up files."""
    match = re.fullmatch(r"(~|\$HOME|\$\{HOME\})/([\w.-]+)", word)
    return bool(match) and match.group(2) in SHELL_STARTUP


def _gives_code(name: str, word: str) -> bool:
    """`-c CODE` for shells and Python (whose -e, -x, -l ... mean other things); -c, -e, --eval ... for the
    rest."""
    if name in SHELLS or name.startswith("python"):
        return word in ("-c", "--command") or _short_flags_with(word, "c")
    return word in CODE_FLAGS or _short_flags_with(word, "ce")


def _own_options(name: str, argv: list[str]) -> list[str]:
    """The interpreter's words before its script file, or before `-m MODULE`: what follows belongs to the
    program (`python3 -m pytest -x`, `bash build.sh -c conf`). Option values (`-W ignore`, `-o pipefail`)
    are not a script, so the words after them are still the interpreter's."""
    words = []
    for word in argv[1:]:
        script = not word.startswith("-") and ("/" in word or re.search(r"\.[A-Za-z]\w*$", word))
        if script or word == "-" or (word == "-m" and name.startswith("python")):
            break
        words.append(word)
    return words


def _short_flags_with(word: str, letters: str) -> bool:
    return bool(re.fullmatch(r"-[a-zA-Z]+", word)) and word[-1] in letters and len(word) > 2


def _sed_executes(argv: list[str]) -> bool:
    script = " ".join(w for w in argv[1:] if not w.startswith("-"))
    return bool(re.search(r"(^|[0-9;{}$/!\s])e(\s|;|$)|s(.).*\3.*\3[gpiImM0-9w]*e", script))


def _runs_a_command(name: str, argv: list[str]) -> bool:
    if name in ("at", "batch") and {"-l", "-r", "-d", "-c", "-V"} & set(argv):
        return False  # lists, removes or prints queued jobs
    if name in ("at", "batch", "systemd-run", "run-parts", "parallel", "pdsh", "dtach"):
        return True
    if name in ("vim", "vi", "nvim", "ex"):
        return any(w.startswith(("+", "-c")) and "!" in " ".join(argv) for w in argv[1:])
    if name in ("gdb",):
        return any("shell" in w or w.startswith("!") for w in argv)
    if name == "less":
        return False
    if name in ("script",):
        return any(w in ("-c", "--command") or _short_flags_with(w, "c") for w in argv[1:])
    if name == "tmux":
        return _tmux_runs(argv)
    if name == "screen":
        return _screen_runs(argv)
    if name == "emacs":
        return any(w in ("--eval", "-batch", "--batch", "-l", "--load") for w in argv)
    return any(w in ("-e", "-x", "--", "--command", "--execute", "-c") or w.startswith(("--command=", "-e"))
               for w in argv[1:])  # fmt: skip


def _tmux_runs(argv: list[str]) -> bool:
    """tmux(1): `send-keys`, `run-shell`, `if-shell`, `pipe-pane`, `respawn-*`, `display-popup` run or type
    commands; `new-session`, `new-window`, `split-window` run one when given a command after their options.
    Sessions opened with a plain shell (`tmux new -s work`), `ls`, `attach` run nothing."""
    words = _after_options(argv[1:], {"-L", "-S", "-f", "-T"})
    if not words:
        return False
    sub, rest = words[0], words[1:]
    if sub in TMUX_RUNNERS or sub.startswith(("respawn", "display-p")):
        return True
    if sub in ("new-session", "new", "new-window", "neww", "split-window", "splitw"):
        return bool(_after_options(rest, {"-c", "-e", "-F", "-n", "-s", "-t", "-x", "-y", "-f", "-l"}))
    return False


def _screen_runs(argv: list[str]) -> bool:
    """screen(1): `-X` sends a command to a session; a program after the options runs in a new window.
    `screen -r`, `-ls`, `-x` attach or list."""
    if {"-X", "-Q"} & set(argv):
        return True
    if {"-r", "-R", "-x", "-ls", "-list", "-wipe", "-D"} & set(argv):
        return False
    return bool(_after_options(argv[1:], {"-S", "-c", "-t", "-p", "-e", "-h", "-s", "-T", "-Logfile"}))


def _after_options(words: list[str], valued: set[str]) -> list[str]:
    """The words after leading options, skipping the value of each option in `valued` (also at the end of a
    cluster, as in `-dmS NAME`)."""
    at = 0
    while at < len(words) and words[at].startswith("-"):
        word = words[at]
        at += 2 if word in valued or (len(word) > 2 and f"-{word[-1]}" in valued and word[1] != "-") else 1
    return words[at:]


def persistence(cmd: Command, written: list[str]) -> list[Decision]:
    """Writes that make code run later: shell rc files, autostart, cron, git hooks, code variables."""
    found = []
    for word in written:
        parts = [p for p in re.split(r"[/=:@,]", word) if p]
        joined = "/".join(parts)
        if set(parts) & RC_FILES and cmd.name not in METADATA_ONLY:
            return [
                Decision(
                    DENY, f"persistence: writes a shell or session start-up file ({word})", "bash.rc_file"
                )
            ]
        if (
            ".git" in parts
            and "hooks" in parts
            or any(f"/{d}/" in f"/{joined}/" for d in PERSISTENT_DIRS if d != "hooks")
        ):
            found.append(f"installs something that runs later ({word})")
        elif any(d in parts for d in ("crontabs", "cron.d", "anacrontab", "profile.d", "autostart")):
            found.append(f"installs something that runs later ({word})")
    for name, value in _assignments(cmd):
        if name in CODE_VARIABLES or (name in ("PS1", "PS2", "PS4") and re.search(r"\$\(|`", value)):
            found.append(f"sets {name}, which runs code later")
    if cmd.name == "git":
        found += _git_config(cmd.argv)
    if cmd.name == "systemctl" and {"enable", "link", "edit", "set-environment", "import-environment",
                                    "preset", "reenable", "add-wants", "add-requires"} & set(cmd.argv):  # fmt: skip
        found.append("enables a service that runs later")
    if cmd.name == "loginctl" and "enable-linger" in cmd.argv:
        found.append("lingering keeps the user's services running after logout")
    if cmd.name == "trap" and len(cmd.argv) > 2 and re.search(r"DEBUG|RETURN|ERR", " ".join(cmd.argv[2:])):
        found.append("a trap runs code before every command")
    if cmd.name in ("crontab", "anacron", "incrontab") and set(cmd.argv[1:]) != {"-l"}:
        found.append(f"`{cmd.name}` schedules commands")
    return [Decision(DENY, f"persistence: {reason}", "bash.persistence") for reason in found[:1]]


def history(cmd: Command, written: list[str], verdict: str) -> list[Decision]:
    """Erasing or hiding what was done: the shell's history list and files, browser and session history,
    logs. Judged on what the command does (a builtin option, a variable, a write to a history file), not
    on how it is spelled."""
    found = []
    for name, value in _assignments(cmd):
        if name == "HISTFILE" or (name in ("HISTSIZE", "HISTFILESIZE") and not _large(value)):
            found.append(f"sets {name}={value or '(empty)'}, so commands are not kept")
        elif name == "HISTIGNORE" and any(p.strip() in ("*", "?*", "*?") for p in value.split(":")):
            found.append("HISTIGNORE drops every command from the history")
        elif name == "HISTCONTROL" and re.search(r"ignorespace|ignoreboth", value):
            found.append("HISTCONTROL lets commands typed with a leading space go unrecorded")
    if cmd.name == "unset" and "HISTFILE" in cmd.argv[1:]:
        found.append("unset HISTFILE: the session's commands are not saved")
    if cmd.name == "env" and any(w in ("-u", "--unset") for w in cmd.argv) and "HISTFILE" in cmd.argv:
        found.append("runs without HISTFILE")
    if cmd.name in ("set", "shopt") and "history" in cmd.argv and any(w.startswith("+o") or w == "-u"
                                                                      for w in cmd.argv):  # fmt: skip
        found.append("turns the shell history off")
    if cmd.name == "history" and any(re.fullmatch(r"-[a-z]*[cds][a-z]*", w) for w in cmd.argv[1:]):
        found.append("clears or edits the shell history (history -c/-d/-s)")
    if cmd.name == "journalctl" and any(w.startswith(("--vacuum", "--rotate", "--flush")) for w in cmd.argv):
        found.append("removes or rotates the system journal")
    found += [f"writes or removes a history file ({w})" for w in written if is_history_file(w)]
    return [Decision(verdict, f"history tampering: {reason}", "bash.history") for reason in found[:1]]


def browser_data(cmd: Command, written: list[str], verdict: str) -> list[Decision]:
    """Deleting or overwriting a browser's profile (its history, cookies and saved passwords with it)."""
    found = [w for w in written if BROWSER_PROFILES.search(w)]
    return [Decision(verdict, f"history tampering: removes or rewrites browser data ({w})", "bash.history")
            for w in found[:1]]  # fmt: skip


def is_history_file(word: str) -> bool:
    """Shell and REPL history (`.bash_history`, `.python_history`, `.history`), browser and recent-files
    history, login records."""
    name = word.rstrip("/").rsplit("/", 1)[-1].lower()
    if name == "history":  # Chromium's, Chrome's, Brave's profile file; a plain `history` file is not
        return bool(re.search(r"chrom|brave|vivaldi|opera|edge", word.lower()))
    return bool(re.search(r"^\..*history$|[._-]history$|^\.lesshst$", name)) or name in HISTORY_FILES


def _large(value: str) -> bool:
    """A history size that keeps commands (a negative one keeps them all: bash manual, "Bash History
    Facilities", https://www.gnu.org/software/bash/manual/html_node/Bash-History-Facilities.html; for
    HISTSIZE since bash 4.3, https://github.com/OSGeo/grass/commit/a6f8e1a2eee0361975d4530e3141697a2420b391)."""
    return bool(re.fullmatch(r"-?\d+", value.strip())) and (int(value) < 0 or int(value) >= 100)


def _assignments(cmd: Command) -> list[tuple[str, str]]:
    words = list(cmd.assignments)
    if cmd.name in ("export", "declare", "typeset", "readonly", "local", "env", "set"):
        words += [w for w in cmd.argv[1:] if "=" in w and not w.startswith("-")]
    out = []
    for word in words:
        name, _, value = word.partition("=")
        out.append((name.rstrip("+").split("[", 1)[0], value))
    return out


def _git_config(argv: list[str]) -> list[str]:
    found = []
    for i, word in enumerate(argv):
        if word == "-c" and i + 1 < len(argv):
            key = argv[i + 1].split("=", 1)[0]
            if GIT_CODE_KEYS.match(key):
                found.append(f"runs git with {key}, a setting git runs as a command")
        if word == "config":
            operands = [w for w in argv[i + 1 :] if not w.startswith("-")]
            if operands and GIT_CODE_KEYS.match(operands[0]) and len(operands) > 1:
                value = " ".join(operands[1:])
                if not operands[0].lower().startswith("alias.") or value.startswith("!"):
                    found.append(f"sets git {operands[0]}, which git runs as a command")
    return found


def signals(cmd: Command) -> list[Decision]:
    """Signals to every process (-1), to init, user-wide or pattern-wide kills, and to the desktop itself."""
    name, argv = cmd.name, cmd.argv
    if name == "loginctl" and any(w.startswith(("terminate-", "kill-")) for w in argv[1:]):
        return [Decision(DENY, f"`loginctl {argv[1]}` ends login sessions", "bash.mass_signal")]
    if name == "xkill" and "-all" in argv:
        return [Decision(DENY, "`xkill -all` closes every window", "bash.mass_signal")]
    if name == "fuser" and any(re.fullmatch(r"-\w*k\w*", w) for w in argv[1:]):
        mounts = any(re.fullmatch(r"-\w*[mM]\w*", w) for w in argv[1:])
        broad = [
            w
            for w in argv[1:]
            if w.startswith(("/", "~")) and (mounts or w.rstrip("/") in ("", "~", "/home", "/tmp"))
        ]
        if broad:
            return [Decision(DENY, f"`fuser -k` signals every process using {broad[0]}", "bash.mass_signal")]
    if name not in SIGNAL_COMMANDS or name == "pgrep":
        return []
    if name == "kill":
        targets = _kill_targets(argv)
        if {"-1", "1", "0"} & set(targets):
            return [Decision(DENY, "signals every process (or init)", "bash.mass_signal")]
        found = []
        for target in targets:
            finder = _process_finder(target, cmd)
            if finder is not None:  # `kill $(pgrep -f app.py)` signals what `pkill -f app.py` would
                found += signals(finder)
            elif SUBST_RE.search(target) or "$" in target:
                found.append(Decision(CONFIRM, "signals processes chosen at run time", "bash.computed"))
        if cmd.wrapped_by == "xargs" and not targets:
            found.append(Decision(CONFIRM, "signals processes chosen at run time", "bash.computed"))
        return found[:1]
    if name == "killall5":
        return [Decision(DENY, "killall5 signals every process", "bash.mass_signal")]
    flags, selectors, patterns = _signal_words(name, argv)
    if flags & {"-v", "--inverse"}:
        return [Decision(DENY, f"`{name} -v` signals every process but the ones named", "bash.mass_signal")]
    if selectors and not patterns:
        return [
            Decision(
                DENY, f"`{name}` signals every process of a user, terminal, group or age", "bash.mass_signal"
            )
        ]
    if any(p in ("", ".", ".*", "^", "$", "*", "[a-z]", "\\w") or len(p) == 1 for p in patterns):
        return [Decision(DENY, f"`{name}` with a pattern that matches every process", "bash.mass_signal")]
    if any(
        p.rsplit("/", 1)[-1] in INFRASTRUCTURE | SESSION or p.startswith(("xvfb", "at-spi", "dbus"))
        for p in patterns
    ):
        return [Decision(DENY, f"`{name}` would end the desktop session itself", "bash.mass_signal")]
    return []


def settings(cmd: Command) -> list[Decision]:
    """Commands that change how the whole machine behaves (kernel parameters, host name, clock, locale,
    network links and firewall, default programs, security modules, desktop lock and proxy settings). Their
    read-only forms (`sysctl -a`, `ip addr`, `timedatectl status`, `nmcli dev status`) stay allowed."""
    name, argv = cmd.name, cmd.argv
    words = [w for w in argv[1:] if not w.startswith("-")]
    changes = (
        (name == "sysctl" and (any("=" in w for w in argv[1:]) or {"-w", "--write", "-p", "--load", "--system"} & set(argv)))
        or (name in ("hostnamectl", "timedatectl", "localectl") and words[:1] != [] and words[0].startswith("set"))
        or (name == "hostnamectl" and words[:1] == ["hostname"] and len(words) > 1)
        or (name in ("ip", "ip6") and bool(IP_CHANGES & set(words)))
        or (name == "ifconfig" and len(words) > 1)
        or (name == "route" and bool({"add", "del"} & set(words)))
        or (name == "nmcli" and bool(NMCLI_CHANGES & set(words)))
        or (name == "rfkill" and bool({"block", "unblock"} & set(words)))
        or (name in ("ufw", "firewall-cmd") and not set(argv[1:]) <= {"status", "--state", "verbose", "--list-all"})
        or (name == "update-alternatives" and bool({"--set", "--install", "--remove", "--config", "--auto", "--remove-all"} & set(argv)))
        or name in ("update-rc.d", "dpkg-reconfigure", "locale-gen", "update-grub", "grub-install", "setenforce",
                    "aa-disable", "aa-complain", "swapoff")
        or (name in ("gsettings", "dconf") and bool({"set", "reset", "reset-recursively", "write", "load"} & set(words))
            and bool(re.search(r"lock|screensaver|idle|lockdown|proxy|privacy|sharing|remote|automount|autorun|^/$",
                               " ".join(words[1:]).lower())))
    )  # fmt: skip
    if changes:
        return [Decision(CONFIRM, f"`{' '.join(argv[:3])}` changes system settings", "bash.system_config")]
    return _weakened(cmd)


def _weakened(cmd: Command) -> list[Decision]:
    """Security turned down for later commands: TLS certificate checks off (git, npm, pip, curl and
    language runtimes' variables), a umask that makes new files writable by others, a PATH that looks in
    a world-writable or relative folder first."""
    found = []
    text = " ".join(cmd.argv[1:]).lower()
    if cmd.name in ("git", "npm", "yarn", "pnpm", "pip", "pip3", "conda") and "config" in text:
        if re.search(
            r"(sslverify|strict-ssl|ssl_verify|ssl-verify)\s*=?\s*(false|0|no)\b|trusted-host", text
        ):
            found.append("turns TLS certificate checks off")
    for name, value in _assignments(cmd):
        if value.strip().lower() in TLS_OFF.get(name, ()):
            found.append(f"{name}={value} turns TLS certificate checks off")
        first = value.split(":", 1)[0]
        if name == "PATH" and (first in ("", ".") or first.startswith(("/tmp", "/var/tmp", "/dev/shm"))):
            found.append(f"PATH looks in {first or 'the current folder'} first")
    if cmd.name == "umask" and cmd.argv[1:2] and re.fullmatch(r"0*[0-7]{1,3}", cmd.argv[1]):
        if not int(cmd.argv[1][-1]) & 2:
            found.append(f"umask {cmd.argv[1]} makes new files writable by others")
    return [Decision(CONFIRM, f"weakens security: {reason}", "bash.system_config") for reason in found[:1]]


def databases(cmd: Command, line: str) -> list[Decision]:
    """Database clients told to drop, truncate or empty a database, table or key space (in their
    arguments, a here-document, or text piped in on the same line); `dropdb`."""
    if cmd.name in ("dropdb", "dropuser") or (cmd.name == "mysqladmin" and "drop" in cmd.argv):
        return [Decision(CONFIRM, f"`{cmd.name}` destroys a database", "bash.destructive")]
    if cmd.name not in DB_CLIENTS:
        return []
    text = " ".join([*cmd.argv[1:], *(t for op, t in cmd.redirects if op in ("<<", "<<-", "<<<"))])
    text += f" {line}" if cmd.position > 0 else ""
    statement = re.search(
        r"\b(drop\s+(table|database|schema|collection)|truncate\b|delete\s+from\s+\w+\s*(;|$|\"|')|"
        r"flushall|flushdb|dropdatabase\(|\.drop\(\)|deletemany\(\{\}\))",
        text,
        re.I,
    )
    if not statement:
        return []
    return [
        Decision(CONFIRM, f"`{cmd.name}` destroys data: {statement.group(0).strip()}", "bash.destructive")
    ]


def _signal_words(name: str, argv: list[str]) -> tuple[set[str], set[str], list[str]]:
    """pkill/killall words: (flags, selector options such as -u USER or --older-than T, name patterns).
    A selector with a pattern narrows the pattern; a selector alone picks every process it matches."""
    values, selecting = (
        (KILLALL_VALUES, KILLALL_SELECTORS) if name == "killall" else (PKILL_VALUES, PKILL_SELECTORS)
    )
    flags, selectors, patterns = set(), set(), []
    skip = ""
    for word in argv[1:]:
        key = word.split("=", 1)[0]
        if skip:
            skip = ""
        elif word in values or (word[:2] in values and not word.startswith("--")):
            skip = word if word in values else ""
            selectors |= {word if word in values else word[:2]} & selecting
        elif key in selecting:
            selectors.add(key)
        elif re.fullmatch(r"-[0-9]+|-(SIG)?[A-Z]+[0-9]*|--", word):
            continue  # a signal
        elif word.startswith("-"):
            flags |= {word} if word.startswith("--") else {f"-{c}" for c in word[1:]}
        else:
            patterns.append(word.lower())
    return flags, selectors, patterns


def _process_finder(target: str, cmd: Command) -> Command | None:
    """`$(pgrep ARGS)` or `$(pidof NAME)` as a kill target: the `pkill ARGS` it amounts to."""
    match = SUBST_RE.fullmatch(target)
    if not match or len(cmd.substitutions) != 1:
        return None
    words = cmd.substitutions[0].split()
    if words[:1] == ["pgrep"] and not set("|;&<>`$") & set(cmd.substitutions[0]):
        return Command(["pkill", *words[1:]])
    if words[:1] == ["pidof"] and len(words) == 2:
        return Command(["pkill", "-x", words[1]])
    return None


def _kill_targets(argv: list[str]) -> list[str]:
    """PIDs and process groups (`-PGID` after the signal: `kill -9 -$(...)`) that `kill` signals."""
    targets, after, signalled = [], False, False
    skip = False
    for word in argv[1:]:
        if skip:
            skip, signalled = False, True
        elif after:
            targets.append(word)
        elif word == "--":
            after = True
        elif word in ("-s", "--signal", "-n"):
            skip = True
        elif (
            word.startswith("-")
            and word != "-1"
            and not (signalled and (word[1:2].isdigit() or "$" in word or SUBST_RE.search(word)))
        ):
            signalled = True
        else:
            targets.append(word)
    return targets


def exhaustion(cmd: Command, commands: list[Command], line: str) -> list[Decision]:
    """Processes, memory, disk or CPU used up on purpose."""
    name, argv = cmd.name, cmd.argv
    if name in STRESS_TOOLS:
        return [Decision(DENY, f"`{name}` exhausts resources", "bash.exhaustion")]
    size = None
    if name == "fallocate":
        size = size_after(argv, ("-l", "--length"))
    elif name == "truncate":
        size = size_after(argv, ("-s", "--size"))
    elif name == "dd":
        size = _dd_size(argv)
    elif name == "head":
        size = size_after(argv, ("-c", "--bytes"))
        if size is not None and not any(">" in op for op, _ in cmd.redirects) and cmd.position == 0:
            size = None if not _pipeline_writes_file(cmd, commands) else size
    if size is not None and size > DISK_LIMIT:
        return [Decision(DENY, f"writes {size / GiB:.0f} GiB or more (disk fill)", "bash.exhaustion")]
    code = cmd.program or ""
    if name in ("awk", "gawk", "mawk", "nawk") and re.search(r"while\s*\(\s*1\s*\)|for\s*\(\s*;\s*;", code):
        return [Decision(CONFIRM, f"`{name}` program loops without end", "bash.exhaustion")]
    if name in ("cp", "install", "rsync", "pv", "tail", "sort", "tac", "shuf", "grep") and ENDLESS & set(
        argv[1:]
    ):
        return [
            Decision(DENY, f"`{name}` reads an endless stream (/dev/zero, /dev/urandom)", "bash.exhaustion")
        ]
    if name == "parallel" and re.search(r"(-j|--jobs)[ =]?0\b|-P ?0\b", " ".join(argv)):
        return [Decision(DENY, "`parallel -j 0` starts processes without bound", "bash.exhaustion")]
    if name == "xargs" and any(w in ("-P0", "--max-procs=0") or w == "-P" and "0" in argv for w in argv):
        return [Decision(DENY, "`xargs -P 0` starts processes without bound", "bash.exhaustion")]
    return []


def line_exhaustion(line: str, commands: list[Command]) -> list[Decision]:
    """Whole-line patterns: infinite loops that spawn, unbounded streams into files (fork bombs are found
    on the parse: `shell.Analysis.self_spawning`)."""
    compact = re.sub(r"\s+", " ", line)
    if re.search(r"\b(fork|os\.fork|Process\.fork|spawn)\b", compact) and re.search(
        r"\bwhile\b|\bloop\b|\bfor\s*\(\s*;\s*;|\buntil\b", compact
    ):
        return [Decision(DENY, "forks in an endless loop", "bash.exhaustion")]
    if re.search(r"\*\s*10\s*\*\*\s*(9|[1-9]\d)\b|\*\s*\d{10,}", compact):
        return [Decision(DENY, "allocates a huge amount of memory", "bash.exhaustion")]
    for loop in re.finditer(r"\b(while|until)\s+(.*?);?\s*do\b(.*?)\bdone\b", compact):
        forever = re.fullmatch(r"\s*(true|:|\[\s*1\s*\]|\(\(\s*1\s*\)\))\s*", loop.group(2)) or (
            loop.group(1) == "until" and loop.group(2).strip() == "false"
        )
        body = loop.group(3)
        if forever and (
            re.search(r"&(?!&)\s*$|&(?!&)\s*;|&\s*\Z", body.strip() + " ") or "&" in body.replace("&&", "")
        ):
            return [Decision(DENY, "an endless loop that starts background processes", "bash.exhaustion")]
        if forever and re.fullmatch(r"\s*(:|true)?\s*;?\s*", body):
            return [Decision(DENY, "an endless busy loop", "bash.exhaustion")]
        stops = re.search(r"\b(break|exit|return|sleep|read|wait|timeout)\b", body)
        if forever and not stops and re.search(r">|\b(mkdir|touch|cp|dd|fallocate|tee|mktemp|git)\b", body):
            return [Decision(DENY, "an endless loop that writes files (disk fill)", "bash.exhaustion")]
    for loop in re.finditer(r"\bfor\b(.*?)\bdo\b(.*?)\bdone\b", compact):
        if "&" in loop.group(2).replace("&&", "").replace(">&", "").replace("&>", ""):
            return [Decision(CONFIRM, "a loop that starts background processes", "bash.exhaustion")]
    by_pipeline: dict[int, list[Command]] = {}
    for c in commands:
        if c.argv:
            by_pipeline.setdefault(c.pipeline, []).append(c)
    for members in by_pipeline.values():
        first = " ".join(members[0].argv)
        if UNBOUNDED_SOURCES.match(first) and _writes_file(members[-1]):
            return [
                Decision(DENY, f"`{first}` streams without end into a file (disk fill)", "bash.exhaustion")
            ]
        hogs = [c.name for c in members[1:] if c.name in ("sort", "tac", "tail", "shuf")]
        bounded = any(c.name in ("head", "dd") for c in members[1:])
        if UNBOUNDED_SOURCES.match(first) and hogs and not bounded:
            return [Decision(DENY, f"`{hogs[0]}` holds an endless stream in memory", "bash.exhaustion")]
    return []


def _pipeline_writes_file(cmd: Command, commands: list[Command]) -> bool:
    members = [c for c in commands if c.pipeline == cmd.pipeline and c.argv]
    return bool(members) and _writes_file(members[-1])


def _writes_file(cmd: Command) -> bool:
    return any(">" in op and t not in ("/dev/null", "&1", "&2") for op, t in cmd.redirects) or cmd.name in (
        "tee",
        "dd",
        "split",
    )


def size_after(argv: list[str], options: tuple[str, ...]) -> int | None:
    for i, word in enumerate(argv):
        for option in options:
            if word == option and i + 1 < len(argv):
                return parse_size(argv[i + 1])
            if word.startswith(option) and len(word) > len(option):
                return parse_size(word[len(option) :].lstrip("="))
    return None


def _dd_size(argv: list[str]) -> int | None:
    values = dict(w.split("=", 1) for w in argv[1:] if "=" in w)
    source = values.get("if", "")
    block = parse_size(values.get("bs", values.get("obs", "512"))) or 512
    if "count" in values:
        count = parse_size(values["count"])
        return None if count is None else count * block
    if source.startswith("/dev/") and "of" in values:
        return 1 << 62  # no count: until the source or the disk ends
    return None


def parse_size(text: str) -> int | None:
    """`100G`, `1.5GiB`, `10M`, `4096` -> bytes (GNU coreutils suffixes, powers of 1024; `KB`-style 1000)."""
    match = re.fullmatch(r"\+?(\d+(?:\.\d+)?)\s*([kKmMgGtTpPeE]?)(i?[bB]?)", text.strip())
    if not match:
        return None
    number, unit, tail = match.groups()
    base = 1000 if tail in ("B", "b") and unit else 1024
    power = " KMGTPE".index(unit.upper()) if unit else 0
    return int(float(number) * base**power)


def servers(cmd: Command) -> list[Decision]:
    """File and shell servers that listen beyond loopback (python -m http.server, php -S, busybox httpd),
    and tunnels that publish a local port on the internet (ngrok, cloudflared tunnel, tailscale funnel)."""
    name, argv = cmd.name, cmd.argv
    published = name in TUNNELS - {"cloudflared", "lt", "expose"} or (
        name == "cloudflared"
        and "tunnel" in argv
        or name in ("lt", "expose")
        and any(w.startswith("--port") or w.isdigit() for w in argv[1:])
        or name == "tailscale"
        and bool({"funnel", "serve"} & set(argv))
    )
    if published and not {"--version", "version", "--help", "help", "-h"} & set(argv[1:]):
        return [Decision(DENY, f"`{name}` publishes a local port on the internet", "bash.exfiltration")]
    text = " ".join(argv)
    serves = (
        (
            re.fullmatch(r"python[0-9.]*", name)
            and re.search(r"-m\s+(http\.server|SimpleHTTPServer|pyftpdlib|smtpd)", text)
        )
        or (name == "php" and "-S" in argv)
        or (name == "busybox" and argv[1:2] in (["httpd"], ["nc"], ["telnetd"], ["ftpd"]))
        or (name == "ruby" and re.search(r"-run\b.*httpd|un\.httpd", text))
        or name in ("httpd", "lighttpd", "nginx", "twistd", "http-server", "darkhttpd", "webfsd", "miniserve")
    )
    if not serves or {"--help", "--version"} & set(argv):  # (-h is busybox httpd's home folder)
        return []
    loopback = re.search(r"(--bind|-b|-S|--host|-a)[ =](127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])", text) or (
        name == "php" and re.search(r"-S\s+(127\.|localhost)", text)
    )
    home = re.search(r"(\s|=)(~|\$HOME|/home/|/root)(/|\s|$)", text + " ")
    if loopback and not home:
        return []
    return [Decision(DENY, f"`{name}` serves files beyond loopback (exfiltration)", "bash.exfiltration")]
