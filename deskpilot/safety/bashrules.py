"""Bash rules: judge each simple command a bash tool call or a typed shell line runs (see `shell.analyse`:
the commands come parsed and expanded, wrappers, generated code and decoded literals included).

Covered: indirect code, persistence, mass signals and resource exhaustion (see `shellrisks`), privilege changes (sudo, su ...), destructive deletes of home and system paths, download-and-run
(`curl … | sh`, `bash <(wget …)`, download then execute), secrets (~/.ssh, keyrings, /etc/shadow),
writes to dotfiles and system files, sending data to hosts not on the allow list (nc, socat, ssh, scp,
rsync, curl -d/-F/-T, wget --post-data, /dev/tcp), package installs, and listed commands.
Parsing is an alarm, not the boundary: isolation (see `isolation.py`) is.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from urllib.parse import urlsplit

from deskpilot.safety import shellrisks
from deskpilot.safety.shell import SHELLS, SUBST_RE, Command, analyse, normalise
from deskpilot.safety.shellexpand import decoded_literals
from deskpilot.safety.urls import UrlRules, domain_matches, parse_url
from deskpilot.safety.verdicts import ALLOW, CONFIRM, DENY, Decision, check_verdict, strictest

HOME = "/@home"  # stands for the user's home folder in resolved paths
SYSTEM_DIRS = ("/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/boot", "/var",
               "/opt", "/srv", "/sys", "/proc", "/dev", "/snap", "/root", "/run")  # fmt: skip
TOP_DIRS = ("/", HOME, "/home", "/tmp", "/mnt", "/media")
# Files and folders whose contents are secrets: any mention is denied.
SECRET_PARTS = {".ssh", ".gnupg", ".netrc", ".aws", ".git-credentials", ".pypirc", ".docker", ".kube",
                ".password-store", "keyrings", ".pgpass", ".vault-token", "id_rsa", "id_ed25519", "id_ecdsa",
                "id_dsa", "shadow", "gshadow", "sudoers", "sudoers.d", "authorized_keys", "known_hosts"}  # fmt: skip
# Dotfiles that configure programs: writing them needs confirmation. Start-up files that run code at
# every shell or login (.bashrc, .profile ...) are persistence and denied (shellrisks.RC_FILES).
DOTFILES = {".inputrc", ".Xresources", ".vimrc", ".npmrc", ".curlrc", ".wgetrc", ".nanorc", ".tmux.conf",
            ".screenrc", ".editorconfig"}  # fmt: skip
# Commands that only read the paths they are given.
READ_ONLY = {"cat", "less", "more", "head", "tail", "grep", "egrep", "fgrep", "rg", "ls", "stat", "file",
             "wc", "diff", "cmp", "md5sum", "sha1sum", "sha256sum", "readlink", "realpath", "test", "[",
             "source", ".", "du", "df", "tree", "bat", "nl", "sort", "uniq", "cut", "awk", "sed", "echo",
             "printf", "pwd", "whoami", "id", "uname", "date", "which", "type", "env", "printenv", "true",
             "false", "cd", "basename", "dirname", "find", "xxd", "hexdump", "od", "strings", "jq",
             "column", "tr", "comm", "join", "paste", "ps", "free", "uptime", "hostname", "locate",
             "xdotool", "wmctrl", "xprop", "xwininfo", "sleep", "seq", "expr", "tac", "rev", "fold"}  # fmt: skip
# Commands that show only names, sizes, dates and types of the paths they are given.
LISTERS = {"ls", "stat", "du", "tree", "file"}
# Commands that certainly write the paths they are given (cp, ln, install, rsync, dd: see _path_uses).
WRITERS = {"tee", "touch", "truncate", "mkdir", "rm", "rmdir", "unlink", "shred", "mv", "chmod", "chown",
           "chgrp", "patch", "vi", "vim", "nvim", "nano", "emacs", "gedit", "mousepad", "code", "ed", "ex",
           "tar", "unzip", "chattr", "setfacl"}  # fmt: skip
# System folders where even a possible write (an unknown command given the path) needs confirmation.
SYSTEM_CONFIG = ("/etc", "/boot", "/root")
FIND_FILTERS = {"-name", "-iname", "-path", "-ipath", "-regex", "-iregex", "-newer", "-mtime", "-mmin", "-size",
                "-user", "-empty"}  # fmt: skip
FIND_NAMES = {"-name", "-iname", "-path", "-ipath", "-regex", "-iregex"}
FIND_BOUNDS = {"-newer", "-mtime", "-mmin", "-atime", "-amin", "-size", "-empty"}  # old, big or empty only
OPENERS = {"xdg-open", "gio", "sensible-browser", "x-www-browser", "firefox", "firefox-esr", "chromium",
           "chromium-browser", "google-chrome", "exo-open", "gnome-open", "kde-open"}  # fmt: skip
RCLONE_TRANSFERS = {"copy", "copyto", "sync", "move", "moveto", "bisync", "serve", "mount", "rcat"}
SYSTEMCTL_QUERIES = {"status", "show", "cat", "list-units", "list-unit-files", "list-timers", "list-sockets",
                     "list-dependencies", "is-active", "is-enabled", "is-failed", "get-default", "help"}  # fmt: skip
DELETERS = {"rm", "rmdir", "unlink", "shred", "srm", "wipe", "trash", "trash-put", "gio"}
# sed or perl -i scripts that delete or blank every line.
EMPTIES = re.compile(r"\s*(1\s*,\s*\$\s*)?d\s*|s(.)\^?\.\*\$?\2\2g?")
BLANK_SOURCES = {"/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"}  # copied over a file, they erase it
SHREDDERS = {"shred", "srm", "wipe"}  # overwrite before deleting: nothing can be recovered
# Disposable files and folders (see `_junk`): deleting them in bulk is cleaning up.
JUNK_EXTENSIONS = {"tmp", "temp", "log", "bak", "old", "orig", "rej", "swp", "swo", "pyc", "pyo", "o", "obj",
                   "class", "cache", "part", "crdownload", "dmp", "ds_store", "out", "lock", "pid"}  # fmt: skip
JUNK_NAMES = {"__pycache__", "node_modules", "pytest_cache", "mypy_cache", "ruff_cache", "build", "dist",
              "target", "tox", "eggs", "thumbs.db", "ds_store", "core", "nohup.out", "tmp", "cache"}  # fmt: skip
# HOME's XDG user folders (xdg-user-dirs): what is in them is the user's own work.
DOCUMENT_FOLDERS = ("Documents", "Desktop", "Pictures", "Music", "Videos", "Templates", "Public")
# XDG folders in HOME where every application keeps its data: as valuable as a folder in HOME itself.
XDG_AREAS = (".local/share", ".local/state", ".var/app")
DOWNLOADERS = {"curl", "wget", "fetch", "aria2c", "http", "https", "lwp-request", "GET", "xh"}
INTERPRETERS = SHELLS | shellrisks.SCRIPTING | {"source", ".", "eval"}
LOOKUPS = {"dig", "nslookup", "host", "ping", "ping6", "drill", "traceroute", "whois"}
NETWORK = {"nc", "ncat", "netcat", "socat", "telnet", "ssh", "scp", "sftp", "rsync", "ftp", "openssl"}
CURL_UPLOAD = ("-d", "--data", "--data-raw", "--data-binary", "--data-urlencode", "--data-ascii", "--json",
               "-F", "--form", "--form-string", "-T", "--upload-file", "-X", "--request")  # fmt: skip
CURL_VALUES = (*CURL_UPLOAD, "-H", "--header", "-o", "--output", "-u", "--user", "-A", "--user-agent", "-e",
               "--referer", "-b", "--cookie", "-c", "--cookie-jar", "-x", "--proxy", "-w", "--write-out",
               "-K", "--config", "-m", "--max-time", "--connect-timeout", "-r", "--range", "-E", "--cert",
               "--key", "--cacert", "--resolve", "--connect-to", "-U", "--proxy-user", "--retry")  # fmt: skip
WGET_UPLOAD = ("--post-data", "--post-file", "--body-data", "--body-file")
WGET_VALUES = (*WGET_UPLOAD, "--method", "-O", "--output-document", "-o", "--output-file", "-P", "-a", "-e",
               "--header", "-U", "--user-agent", "--user", "--password")  # fmt: skip
SSH_VALUES = set("bcDEeFIiJLlmOopQRSWw")
# System package managers: installing or removing changes the system for every user.
SYSTEM_PACKAGES = {
    "apt": {
        "install",
        "remove",
        "purge",
        "upgrade",
        "dist-upgrade",
        "full-upgrade",
        "autoremove",
        "reinstall",
    },
    "apt-get": {"install", "remove", "purge", "upgrade", "dist-upgrade", "autoremove", "reinstall"},
    "aptitude": {"install", "remove", "purge", "upgrade"},
    "dpkg": {"-i", "--install", "-r", "--remove", "-P", "--purge"},
    "snap": {"install", "remove", "refresh"},
    "flatpak": {"install", "uninstall", "update"},
    "dnf": {"install", "remove", "upgrade"},
    "yum": {"install", "remove", "update"},
    "apk": {"add", "del"},
    "pacman": {"-S", "-R", "-U", "-Syu"},
    "zypper": {"install", "in", "remove"},
    "brew": {"install", "uninstall", "reinstall"},
}
# Package managers that install for one user or one project (a virtualenv, ~/.local, node_modules).
USER_PACKAGES = {
    "pip": {"install", "uninstall", "download"},
    "pip3": {"install", "uninstall", "download"},
    "pipx": {"install", "uninstall", "inject"},
    "uv": {"add", "pip", "tool", "sync"},
    "npm": {"install", "i", "add", "ci", "uninstall", "update"},
    "pnpm": {"install", "i", "add", "remove", "update"},
    "yarn": {"install", "add", "remove"},
    "gem": {"install", "uninstall"},
    "cargo": {"install"},
    "go": {"install", "get"},
    "conda": {"install", "remove", "create"},
    "mamba": {"install", "remove", "create"},
}
# Commands that fetch a package and run it at once.
PACKAGE_RUNNERS = {
    "npx",
    "bunx",
    "uvx",
    "pipx run",
    "npm exec",
    "pnpm dlx",
    "yarn dlx",
    "uv tool run",
}


def resolve(word: str, cwd: str | None) -> str | None:
    """An absolute, normalised path for a shell word (HOME for ~ and $HOME), or None if it depends on
    a variable or on an unknown working directory."""
    word = re.sub(r"^~(?=/|$)|\$\{HOME(?:[:%#/^,@][^}]*)?\}|\$HOME\b", HOME, word)
    word = re.sub(r"^~root(?=/|$)", "/root", word)
    word = re.sub(r"^~([a-z_][a-z0-9_-]*)(?=/|$)", r"/home/\1", word)
    if "$" in word or SUBST_RE.search(word):
        return None
    if not word.startswith("/"):
        if cwd is None:
            return None
        word = f"{cwd}/{word}"
    path = posixpath.normpath("/" + word.lstrip("/"))
    return path


def is_persistence(word: str) -> bool:
    """Autostart entries (~/.config/autostart, KDE's autostart-scripts, ~/.kde/Autostart), user services
    and session environment files run code at every login."""
    parts = [part.lower() for part in path_parts(word)]
    return (
        any("autostart" in part for part in parts)
        or "environment.d" in parts
        or ".config/systemd" in word
        or "systemd/user" in word
    )


def path_parts(word: str) -> list[str]:
    """Path components of a word, and of the value in `--opt=VALUE`, `if=VALUE`, `@file`, `host:path`."""
    pieces = [word, *re.split(r"[=:@,]", word)[1:]]
    return [part for piece in pieces for part in piece.split("/") if part]


def _is_protected(path: str) -> bool:
    """The filesystem root, HOME, a system folder or anything in one, /home and each user's home."""
    if path in TOP_DIRS or path in SYSTEM_DIRS:
        return True
    if any(path.startswith(d + "/") for d in SYSTEM_DIRS):
        return True
    return path.startswith("/home/") and path.count("/") == 2


def _stays_home(operands: list[str], cwd: str | None) -> bool:
    """Whether `mv` moves only visible entries of HOME to a visible place in HOME."""
    paths = [resolve(w, cwd) for w in operands]
    return all(
        p is not None and p.startswith(HOME + "/") and "/." not in p and not re.search(r"[*?[]", p)
        for p in paths
    )


def _home_folder(path: str) -> bool:
    """A folder directly in HOME (or in a user's home under /home), or one of the XDG data areas that hold
    every application's data (~/.local/share, ~/.local/state)."""
    return (
        (path.startswith(HOME + "/") and path.count("/") == 2)
        or (path.startswith("/home/") and path.count("/") == 3)
        or path in {f"{HOME}/{area}" for area in XDG_AREAS}
    )


def _reads_blank(cmd: Command) -> bool:
    """A command that reads zeros, noise or nothing (`tr -dc a < /dev/urandom`, `base64 /dev/urandom`)."""
    sources = {*_options(cmd.argv)[1], *(t for op, t in cmd.redirects if op == "<")}
    return bool(cmd.argv) and bool(sources & BLANK_SOURCES)


def _kind_glob(pattern: str) -> bool:
    """`*.jpg`, `*.tar.gz`, `*`: every file of a kind, with no name of its own (`screenshot-*.png` has one)."""
    stem = pattern.rstrip("/").rsplit("/", 1)[-1].split(".", 1)[0]
    return bool(re.search(r"[*?[]", pattern)) and not re.sub(r"\[[^]]*\]|[*?]", "", stem)


def _in_documents(path: str) -> bool:
    """A path inside one of HOME's XDG user folders (~/Documents/thesis, ~/Pictures/2024)."""
    return any(path.startswith(f"{HOME}/{folder}/") for folder in DOCUMENT_FOLDERS)


def _junk(pattern: str) -> bool:
    """A name or glob for disposable files (`*.pyc`, `*.tmp`, `*~`, `__pycache__`, `app.log.1`): deleting
    every match loses no one's work."""
    name = pattern.rstrip("/").rsplit("/", 1)[-1].lower()
    if name.endswith("~") or name.strip("*?.") in JUNK_NAMES:
        return True
    tokens = [t for t in re.split(r"[.*?\[\]]", name) if t]
    return bool(tokens) and (tokens[-1] in JUNK_EXTENSIONS or (tokens[-1].isdigit() and "log" in tokens))


def _user_data(path: str) -> bool:
    """A path in HOME outside its caches, whose loss loses someone's work."""
    disposable = path.startswith(f"{HOME}/.cache/") or "/Trash/" in f"{path}/" or _junk(path)
    return path.startswith(HOME + "/") and not disposable


def _show(path: str) -> str:
    return path.replace(HOME, "~", 1)


def _options(argv: list[str]) -> tuple[set[str], list[str]]:
    """Split argv[1:] into option words (short flags expanded) and operands (after `--`, all operands)."""
    flags: set[str] = set()
    operands: list[str] = []
    ended = False
    for word in argv[1:]:
        if ended or not word.startswith("-") or word == "-":
            operands.append(word)
        elif word == "--":
            ended = True
        elif word.startswith("--"):
            flags.add(word.split("=", 1)[0])
        else:
            flags.update(f"-{ch}" for ch in word[1:])
    return flags, operands


def _interpreter(name: str) -> bool:
    return name in INTERPRETERS or bool(re.fullmatch(r"python[0-9.]*|pypy[0-9.]*|perl[0-9.]*", name))


class BashRules:
    """The [bash] table of a policy, applied to one command line."""

    def __init__(self, config: dict, url_rules: UrlRules):
        self.url_rules = url_rules
        self.allow_hosts = [h.lower() for h in config.get("allow_hosts", [])]
        self.packages = check_verdict(config.get("package_installs", CONFIRM), "bash.package_installs")
        self.user_packages = check_verdict(
            config.get("user_package_installs", ALLOW), "bash.user_package_installs"
        )
        self.home_folder_delete = check_verdict(
            config.get("home_folder_delete", CONFIRM), "bash.home_folder_delete"
        )
        self.computed = check_verdict(config.get("computed", CONFIRM), "bash.computed")
        self.history = check_verdict(config.get("history_tampering", CONFIRM), "bash.history_tampering")
        self.indirect = check_verdict(config.get("indirect", CONFIRM), "bash.indirect")
        self.deny_commands = set(config.get("deny_commands", []))
        self.confirm_commands = set(config.get("confirm_commands", []))

    def check(self, command: str, tainted: bool = False) -> Decision:
        """The decision for one command line, made on its normalised form (see `shell.normalise`)."""
        line = normalise(command)
        analysis = analyse(line)
        commands = analysis.commands
        decisions: list[Decision] = []
        for name in analysis.self_spawning[:1]:
            decisions.append(
                Decision(DENY, f"fork bomb: `{name}` starts copies of itself", "bash.exhaustion")
            )
        cwd: str | None = None
        downloaded: set[str] = set()
        blank_fed = {c.pipeline for c in commands if _reads_blank(c)}  # `tr -dc a < /dev/urandom | head ...`
        for cmd in commands:
            decisions += self._persistence(cmd)
            uses = _path_uses(cmd)
            decisions += shellrisks.history(cmd, [w for w, mode in uses if mode in "w?"], self.history)
            decisions += shellrisks.browser_data(cmd, [w for w, mode in uses if mode == "w"], self.history)
            decisions += shellrisks.settings(cmd)  # also for bare assignments (`PATH=.:$PATH`)
            decisions += self._overwrites(cmd, cwd, cmd.pipeline in blank_fed and cmd.position > 0)
            decisions += shellrisks.databases(cmd, line)
            if not cmd.argv:
                decisions += self._paths(cmd, cwd)  # `> /etc/passwd` on its own
                continue
            decisions += self._command(cmd, cwd, downloaded)
            decisions += shellrisks.exhaustion(cmd, commands, line)
            if cmd.name in ("cd", "pushd"):
                target = cmd.argv[1] if len(cmd.argv) > 1 else "~"
                cwd = resolve(target, cwd)
            if cmd.name in DOWNLOADERS:
                downloaded |= _download_targets(cmd)
        decisions += _pipelines(commands)
        programs = [
            c.program for c in commands if c.program and c.name in INTERPRETERS - shellrisks.SCRIPTING
        ]
        for text in [line, *programs]:  # the line, and shell programs read from text (sh -c, eval, pipes)
            decisions += shellrisks.line_exhaustion(text, commands)
        if tainted and any(cmd.argv and not self._read_only(cmd) for cmd in commands):
            decisions.append(
                Decision(CONFIRM, "a command that changes state, after a prompt injection", "bash.tainted")
            )
        if analysis.error:  # what cannot be read is not allowed unseen; the commands found are judged too
            decisions.append(Decision(CONFIRM, analysis.error, "bash.parse"))
        found = strictest(decisions)
        return found if decisions else Decision(ALLOW, "no bash rule applies", "bash.ok")

    def _persistence(self, cmd: Command) -> list[Decision]:
        """Persistence is denied; a start-up file line written in plain sight that passes these rules
        itself (`echo "alias ll='ls -la'" >> ~/.bashrc`) needs confirmation instead."""
        found = shellrisks.persistence(cmd, [w for w, mode in _path_uses(cmd) if mode in "w?"])
        if found and found[0].rule == "bash.rc_file" and cmd.name in ("echo", "printf"):
            text = _printed(cmd)
            if text.strip() and not SUBST_RE.search(text) and self.check(text).verdict == ALLOW:
                return [Decision(CONFIRM, f"{found[0].reason.removeprefix('persistence: ')}: {text.strip()[:80]!r}",
                                 "bash.rc_file")]  # fmt: skip
        return found

    def _read_only(self, cmd: Command) -> bool:
        writes = any(">" in op for op, _ in cmd.redirects)
        return cmd.name in READ_ONLY and not writes and not _sed_in_place(cmd)

    def _command(self, cmd: Command, cwd: str | None, downloaded: set[str]) -> list[Decision]:
        name, argv = cmd.name, cmd.argv
        found: list[Decision] = []
        if cmd.computed_name or SUBST_RE.search(argv[0]) or "$" in argv[0]:
            found.append(
                Decision(
                    self.computed, f"the command name {argv[0]!r} is computed at run time", "bash.computed"
                )
            )
        listed = {name, f"{name} {_first_operand(argv)}"}
        if _lists_only(cmd):
            listed = set()
        if listed & self.deny_commands or name.startswith("mkfs"):
            found.append(
                Decision(
                    DENY, f"`{name}` is not allowed (privileges, disks or persistence)", "bash.denied_command"
                )
            )
        elif listed & self.confirm_commands:
            found.append(
                Decision(CONFIRM, f"`{' '.join(argv[:2])}` needs confirmation", "bash.confirm_command")
            )
        found += shellrisks.indirect(cmd, self.indirect)
        found += shellrisks.signals(cmd)
        found += shellrisks.servers(cmd)
        found += self._deletes(cmd, cwd)
        found += self._permissions(cmd, cwd)
        found += self._acl(cmd, cwd)
        found += self._network(cmd)
        found += self._paths(cmd, cwd)
        code = _inline_code(cmd)
        if re.search(r"\bkill(pg)?\s*\(\s*(-1|0|1)\s*,|\bProcess\.kill\(\s*-1|killall", code):
            found.append(Decision(DENY, "inline code signals every process", "bash.mass_signal"))
        if cmd.name == "xdotool" and "type" in argv:
            typed = self.check(" ".join(w for w in argv[argv.index("type") + 1 :] if not w.startswith("--")))
            if typed.verdict != ALLOW and typed.rule != "bash.parse":
                found.append(Decision(typed.verdict, f"types a command: {typed.reason}", typed.rule))
        for literal in decoded_literals(code):  # os.system("..."), base64 of a command line
            inner = self.check(literal)
            if inner.verdict != ALLOW and inner.rule != "bash.parse":
                found.append(Decision(inner.verdict, f"inline code runs: {inner.reason}", inner.rule))
        found += self._packages(cmd)
        found += _download_run(cmd, downloaded)
        return found

    def _paths(self, cmd: Command, cwd: str | None) -> list[Decision]:
        """Secrets may not be touched at all; dotfiles and system files may not be written."""
        words = cmd.argv[1:] + [target for _, target in _file_redirects(cmd)]
        words += re.findall(r"[~/$][\w.${}/-]*", _inline_code(cmd))
        # open('.netrc'): a relative path, with no / or ~ to find it by
        words += re.findall(r"""\bopen\(\s*['"]([^'"]+)""", _inline_code(cmd))
        for word in words:
            if set(path_parts(word)) & SECRET_PARTS and not _harmless_secret_use(cmd, word):
                return [Decision(DENY, f"touches secrets ({word})", "bash.secrets")]
        found = []
        for word, mode in _path_uses(cmd):
            path = resolve(word, cwd) or ""
            if mode not in ("w", "?"):
                continue
            if is_persistence(word):
                found.append(
                    Decision(DENY, f"may install an autostart entry or service ({word})", "bash.autostart")
                )
            elif "share/applications/" in "/".join(path_parts(word)) + "/":
                found.append(Decision(CONFIRM, f"writes a desktop launcher ({word})", "bash.dotfile"))
            elif set(path_parts(word)) & DOTFILES:
                # Legitimate tasks edit ~/.bashrc (an alias); the user decides.
                found.append(
                    Decision(CONFIRM, f"may write a shell or session dotfile ({word})", "bash.dotfile")
                )
            elif mode == "w" and any(path == d or path.startswith(d + "/") for d in SYSTEM_DIRS):
                if not re.fullmatch(r"/dev/(null|zero|stdout|stderr|tty|fd/\d+|shm/.*|tcp/.*|udp/.*)", path):
                    found.append(Decision(DENY, f"writes a system path ({_show(path)})", "bash.system_write"))
            elif mode == "?" and any(path == d or path.startswith(d + "/") for d in SYSTEM_CONFIG):
                found.append(
                    Decision(CONFIRM, f"may write a system path ({_show(path)})", "bash.system_write")
                )
        return found

    def _deletes(self, cmd: Command, cwd: str | None) -> list[Decision]:
        flags, operands = _options(cmd.argv)
        name = cmd.name
        recursive = bool(flags & {"-r", "-R", "--recursive"})
        home_rule = True
        code = _inline_code(cmd)
        if name == "gio" and operands[:1] in (["trash"], ["remove"]):
            targets = operands[1:]
        elif name == "find" and ("-delete" in cmd.argv or _find_exec_deletes(cmd.argv)):
            roots = [w for w in cmd.argv[1:] if not w.startswith(("-", "(", "!"))][:1] or ["."]
            found = [self._delete_target(name, w, cwd, True, True) for w in roots]
            if FIND_FILTERS & set(cmd.argv):  # deletes only matching files: one level milder
                milder = {DENY: CONFIRM, CONFIRM: ALLOW, ALLOW: ALLOW}
                names = [v for f, v in zip(cmd.argv, cmd.argv[1:], strict=False) if f in FIND_NAMES]
                home = [p for w in roots if (p := resolve(w, cwd)) and (p == HOME or _user_data(p))]
                kinds = [n for n in names if _kind_glob(n) and not _junk(n)]
                if home and kinds and not FIND_BOUNDS & set(cmd.argv):
                    milder[CONFIRM] = CONFIRM  # every document of a kind in a home folder, not cleaning up
                found = [Decision(milder[d.verdict], f"{d.reason} (filtered)", d.rule) for d in found]
            return found
        elif name in DELETERS - {"gio"}:
            targets, recursive = operands, recursive or name == "rmdir"
        elif name == "mv" and len(operands) >= 2:
            targets, recursive = operands[:-1], True
            # a rename or move that stays in HOME ("mv data.txt data.csv" in ~, "mv ~/Projects ~/Old") loses
            # nothing: the home-folder rule is for what leaves it. Hidden paths (app data, ~/.local) keep it.
            home_rule = not _stays_home(operands, cwd)
        elif name in ("chmod", "chown", "chgrp") and (recursive or any(_everything(w) for w in operands[1:])):
            targets, home_rule = operands[1:], False
        elif name == "chmod" and operands and _strips_owner(operands[0]):
            protected = [w for w in operands[1:] if (p := resolve(w, cwd)) and _is_protected(p)]
            return [Decision(DENY, f"`chmod {operands[0]}` locks the owner out of {w}", "bash.destructive")
                    for w in protected[:1]]  # fmt: skip
        elif name in ("7z", "7za", "7zr") and "-sdel" in cmd.argv:  # deletes files after compressing them
            targets, recursive = operands[2:], True
        elif name == "zip" and ("--move" in flags or any(re.fullmatch(r"-\w*m\w*", f) for f in cmd.argv[1:])):
            targets, recursive = operands[1:], True
        elif name == "rsync" and any(f.startswith("--delete") or f == "--remove-source-files" for f in flags):
            targets, recursive = (
                operands[-1:] if "--remove-source-files" not in flags else operands[:-1],
                True,
            )
        elif name == "git" and "-C" in cmd.argv[:-1]:  # `git -C DIR ...` runs in DIR
            at = cmd.argv.index("-C")
            inner = Command(cmd.argv[:at] + cmd.argv[at + 2 :], cmd.redirects)
            return self._deletes(inner, resolve(cmd.argv[at + 1], cwd))
        elif name == "git" and operands[:1] == ["clean"]:
            dry_run = flags & {"-n", "--dry-run"}
            targets, recursive = ([] if dry_run else operands[1:] or ([cwd] if cwd else [])), True
        elif name == "tar" and "--remove-files" in flags:
            targets, recursive = [w for w in operands if not w.startswith("/dev/")], True
        elif name == "truncate":
            targets = operands
        elif code and re.search(r"rmtree|os\.remove|unlink|rm\s+-\w*r|rmdir|shred|FileUtils\.rm", code):
            targets, recursive = re.findall(r"""['"]([~/$][^'"]*)['"]""", code), True
        else:
            return []
        if "--no-preserve-root" in flags:
            return [Decision(DENY, "rm --no-preserve-root", "bash.destructive")]
        found = [self._delete_target(name, word, cwd, recursive, home_rule) for word in targets]
        if cmd.wrapped_by == "xargs" and (recursive or not targets):
            found.append(Decision(self.computed, f"`{name}` on paths read from input", "bash.computed"))
        return found

    def _permissions(self, cmd: Command, cwd: str | None) -> list[Decision]:
        """Permission changes that lock the owner out of a home folder, open one (or a whole tree of
        the user's files) to other users, or set setuid/setgid bits; ownership of HOME given away."""
        flags, operands = _options(cmd.argv)
        if cmd.name not in ("chmod", "chown", "chgrp") or len(operands) < 2:
            return []
        recursive = bool(flags & {"-R", "--recursive"})
        mode, paths = operands[0], [(w, resolve(w, cwd)) for w in operands[1:]]
        if cmd.name != "chmod":
            if "$" in mode or SUBST_RE.search(mode):
                return []  # `chown -R $USER:$USER DIR`: the user's own name
            given = [w for w, p in paths if p and (_is_protected(p) or (recursive and _home_folder(p)))]
            return [Decision(CONFIRM, f"`{cmd.name} {mode}` gives away {w}", "bash.system_config")
                    for w in given[:1]]  # fmt: skip
        if _setuid(mode):
            return [Decision(CONFIRM, f"`chmod {mode}` sets a setuid or setgid bit", "bash.system_config")]
        found = []
        for word, path in paths:
            if path is None:
                continue
            wide = _home_folder(path) or (recursive and _user_data(path))
            if _loosens(mode) and (_is_protected(path) or wide):
                verdict = DENY if _is_protected(path) else CONFIRM
                found.append(
                    Decision(verdict, f"`chmod {mode}` opens {word} to other users", "bash.system_config")
                )
            elif _unreadable(mode) and wide:
                found.append(
                    Decision(CONFIRM, f"`chmod {mode}` locks the owner out of {word}", "bash.destructive")
                )
        return found[:1]

    def _acl(self, cmd: Command, cwd: str | None) -> list[Decision]:
        """`setfacl -m o::rwx ~`: an ACL that lets others write HOME or one of its folders."""
        spec = " ".join(w for w in cmd.argv[1:] if not w.startswith("-"))
        if cmd.name != "setfacl" or not re.search(
            r"(^|[\s,])(o|other|u:[^:]+|g:[^:]+)?:[^:\s]*:?[r-]?w", spec
        ):
            return []
        wide = [
            w
            for w in _options(cmd.argv)[1]
            if (p := resolve(w, cwd)) and (_is_protected(p) or _home_folder(p))
        ]
        return [
            Decision(CONFIRM, f"`setfacl` opens {w} to other users", "bash.system_config") for w in wide[:1]
        ]

    def _overwrites(self, cmd: Command, cwd: str | None, fed_blank: bool = False) -> list[Decision]:
        """Writes that destroy what a file in HOME holds: emptying it (`: > f`, `truncate -s 0 f`,
        `cp /dev/null f`, `sed -i d f`), filling it with zeros or noise (`dd if=/dev/urandom of=f`, noise piped
        in), moving it onto a device (`mv f /dev/null`), `tee` over every file of a kind; and, anywhere, a
        command whose output replaces a file it reads (`sort f > f`)."""
        name, argv = cmd.name, cmd.argv
        _, operands = _options(argv)
        sources = {*operands, *(t for op, t in cmd.redirects if op == "<"), *(w[3:] for w in operands if w.startswith("if="))}  # fmt: skip
        blank = bool(sources & BLANK_SOURCES) or fed_blank
        silent = (
            not argv
            or name in (":", "true", "false")
            or (name == "echo" and all(re.fullmatch(r"-[neE]+|", w) for w in argv[1:]))
            or (name == "printf" and argv[1:] in ([], [""]))
        )
        targets = [t for op, t in cmd.redirects if op in (">", ">|", "&>")] if blank or silent else []
        if name == "dd" and blank:
            targets += [w[3:] for w in operands if w.startswith("of=")]
        elif name in ("cp", "install", "ln") and blank and len(operands) > 1:
            targets.append(operands[-1])
        elif name == "truncate" and shellrisks.size_after(argv, ("-s", "--size")) == 0:
            targets += [w for w in operands if not re.fullmatch(r"\d+", w)]
        elif name == "mv" and len(operands) > 1 and operands[-1].startswith("/dev/"):
            targets += operands[:-1]
        elif _sed_in_place(cmd) and any(EMPTIES.fullmatch(w) for w in argv[1:]):
            targets += [w for w in operands if not EMPTIES.fullmatch(w)]  # every line deleted or blanked
        elif name == "tee" and not {"-a", "--append"} & set(argv):
            targets += [w for w in operands if _kind_glob(w)]  # every file of a kind overwritten
        paths = [(t, p) for t in targets if (p := resolve(t, cwd)) and _user_data(p)]
        # `sort f > f`: the shell empties f before the command reads it
        readers = {w for w in operands if name not in ("echo", "printf", "tee") and not _sed_in_place(cmd)}
        paths += [(t, "") for op, t in cmd.redirects if op in (">", ">|") and t in readers]
        return [Decision(CONFIRM, f"`{name or '>'}` destroys what {t} holds", "bash.destructive")
                for t, _ in paths[:1]]  # fmt: skip

    def _delete_target(
        self, name: str, word: str, cwd: str | None, recursive: bool, home_rule: bool
    ) -> Decision:
        """Deleting (or moving away, or chmod -R of) one target."""
        if SUBST_RE.search(word):
            return Decision(
                self.computed, f"`{name}` target {word!r} is computed at run time", "bash.computed"
            )
        word = re.sub(r"\$\{HOME(?:[:%#/^,@][^}]*)?\}", "$HOME", word)  # ${HOME:?} is HOME, not a glob
        globbed = bool(re.search(r"[*?[]", word))
        base, glob_part = word, ""
        if globbed:
            # "dir/*" deletes everything in dir; "dir/Doc*" deletes some entries of dir, like "dir/x".
            prefix = re.split(r"[*?[]", word, maxsplit=1)[0]
            head = prefix.rpartition("/")[0]
            glob_part = word[len(head) :].lstrip("/").split("/")[0]
            parent = head or ("/" if word.startswith("/") else ".")
            everything = _everything(glob_part)
            base = parent if everything else f"{parent.rstrip('/')}/x"
            globbed = everything
            glob_part = "" if everything else glob_part
            if not everything and parent in ("/", "/home"):  # `/h*`, `/e?c`: which protected folders match
                hits = [
                    d
                    for d in (*SYSTEM_DIRS, "/home", "/tmp")
                    if fnmatch.fnmatch(d, f"{parent.rstrip('/')}/{glob_part}")
                ]
                if hits or parent == "/home":
                    return Decision(DENY, f"destructive `{name}` of {word} (matches {hits[:1] or ['a home']})",
                                    "bash.destructive")  # fmt: skip
        path = resolve(base, cwd)
        if path is None and "$" in base and home_rule:
            # `rm -rf "$DIR"`, `/home/$USER`: judged by the literal folder it starts in; a file chosen at run
            # time in HOME or a folder of the user's (`rm ~/Documents/"$f"`) too
            literal = resolve(base.split("$", 1)[0].rpartition("/")[0] or ".", cwd)
            broad = literal is None or _is_protected(literal)
            if (
                (recursive and broad)
                or (literal and (_home_folder(literal) or _in_documents(literal + "/")))
                or (not recursive and literal == HOME)
            ):
                return Decision(
                    self.computed, f"`{name} {word}`: the target depends on a variable", "bash.computed"
                )
        if path is None:
            unknown_dir = globbed or base in (".", "..") or base.startswith("../")
            if recursive and "$" not in base and unknown_dir:
                return Decision(
                    CONFIRM, f"recursive `{name} {word}` in an unknown folder", "bash.destructive"
                )
            return Decision(ALLOW, "delete of a variable or relative path", "bash.ok")
        if _is_protected(path):
            what = f"everything in {_show(path)}" if globbed else _show(path)
            return Decision(DENY, f"destructive `{name}` of {what}", "bash.destructive")
        emptied = recursive or (globbed and name in ("shred", "truncate", "srm"))
        if home_rule and emptied and _home_folder(path) and not _junk(path):  # ~/.cache is disposable
            what = f"everything in {_show(path)}" if globbed else _show(path)
            return Decision(
                self.home_folder_delete, f"`{name}` of the home folder {what}", "bash.home_folder"
            )
        if home_rule and emptied and name != "mv" and _in_documents(path) and not _junk(path):
            return Decision(self.home_folder_delete, f"`{name}` of {_show(path)}, in a documents folder",
                            "bash.home_folder")  # fmt: skip
        if home_rule and name != "mv" and globbed and not recursive and _user_data(path):
            return Decision(CONFIRM, f"`{name}` destroys every file in {_show(path)}", "bash.destructive")
        if home_rule and name != "mv" and _kind_glob(glob_part) and _user_data(path) and not _junk(glob_part):
            return Decision(CONFIRM, f"`{name}` destroys every file matching {word}", "bash.destructive")
        if name in SHREDDERS and _user_data(path):
            return Decision(CONFIRM, f"`{name}` destroys {_show(path)} beyond recovery", "bash.destructive")
        return Decision(ALLOW, "delete outside protected paths", "bash.ok")

    def _network(self, cmd: Command) -> list[Decision]:
        name, argv = cmd.name, cmd.argv
        for _, target in cmd.redirects:
            match = re.match(r"/dev/(tcp|udp)/([^/]+)", target)
            if match and not self._allowed_host(match.group(2)):
                return [
                    Decision(DENY, f"opens a socket to {match.group(2)} via {target}", "bash.exfiltration")
                ]
        if name in NETWORK | DOWNLOADERS | LOOKUPS and any(SUBST_RE.search(w) for w in argv[1:]):
            return [Decision(self.computed, f"`{name}` sends text computed at run time", "bash.computed")]
        if name in DOWNLOADERS:
            return self._transfer(cmd)
        if name in OPENERS:  # xdg-open URL navigates: the browser's URL rules apply
            return [Decision(d.verdict, f"`{name}` opens {url}: {d.reason}", d.rule)
                    for url in cmd.argv[1:] if "://" in url and (d := self.url_rules.check(url)).verdict != ALLOW]  # fmt: skip
        if name in ("aws", "gsutil", "gcloud", "az") and _cloud_upload(cmd.argv):
            return [
                Decision(DENY, f"`{' '.join(argv[:3])}` sends files to cloud storage", "bash.exfiltration")
            ]
        if name == "rclone" and _first_operand(argv) in RCLONE_TRANSFERS:
            remotes = [w for w in argv[2:] if re.match(r"^[\w.-]+:", w) and not w.startswith(("/", "."))]
            if remotes or _first_operand(argv) == "serve":
                where = remotes[0] if remotes else "the network"
                return [Decision(DENY, f"`rclone` sends files to {where}", "bash.exfiltration")]
        if name not in NETWORK:
            return []
        if name in ("nc", "ncat", "netcat") and ({"-e", "-c", "--exec", "--sh-exec"} & set(argv)):
            return [Decision(DENY, f"`{name}` runs a program over the network", "bash.exfiltration")]
        if name == "ssh" and "-V" in argv:
            return []  # prints its version and connects nowhere
        hosts = _network_hosts(name, argv)
        if name == "openssl" and ("s_client" not in argv or ("<", "/dev/null") in cmd.redirects):
            return []  # no connection, or one that sends nothing (a certificate check)
        zero_io = any(re.fullmatch(r"-\w*z\w*", w) for w in argv[1:])
        if (
            name in ("nc", "ncat", "netcat")
            and zero_io
            and not any(re.search(r"\d-\d|,", w) for w in argv[2:])
        ):
            return []  # `nc -z HOST PORT` checks that one port is open and sends nothing (a range is a scan)
        if name in ("scp", "rsync") and not hosts:
            return []  # a local copy
        bad = [h for h in hosts if not self._allowed_host(h)]
        if bad or not hosts:
            where = bad[0] if bad else "an unspecified host (listening?)"
            return [
                Decision(DENY, f"`{name}` sends data to {where}, not on the allow list", "bash.exfiltration")
            ]
        return []

    def _transfer(self, cmd: Command) -> list[Decision]:
        """Downloaders: uploads go only to allowed hosts; nothing goes to a denied URL."""
        if cmd.name == "curl":
            urls = _operands(cmd.argv, CURL_VALUES, "dFTHouAebcxwKmrEU")
        elif cmd.name == "wget":
            urls = _operands(cmd.argv, WGET_VALUES, "OoPaeU")
        else:
            urls = [w for w in cmd.argv[1:] if "://" in w]
        uploads = _uploads(cmd)
        found = []
        for url in urls:
            if SUBST_RE.search(url) or "$" in url:
                found.append(
                    Decision(
                        self.computed, f"`{cmd.name}` URL {url!r} is computed at run time", "bash.computed"
                    )
                )
                continue
            verdict = self.url_rules.check(url)
            if verdict.verdict == DENY:
                found.append(Decision(DENY, f"`{cmd.name}`: {verdict.reason}", "bash.url"))
                continue
            host = parse_url(url).host
            if uploads and not self._allowed_host(host):
                found.append(
                    Decision(
                        DENY,
                        f"`{cmd.name}` uploads data to {host}, not on the allow list",
                        "bash.exfiltration",
                    )
                )
        return found

    def _allowed_host(self, host: str) -> bool:
        host = host.strip("[]").lower().rsplit("@", 1)[-1]
        return any(host == h or domain_matches(host, h) for h in self.allow_hosts)

    def _packages(self, cmd: Command) -> list[Decision]:
        """System installs get `package_installs`, per-user and project installs `user_package_installs`;
        an install from a URL or another index, and fetch-and-run tools (npx, uvx), are indirect code."""
        name, argv = cmd.name, cmd.argv
        if re.fullmatch(r"python[0-9.]*", name) and argv[1:3] == ["-m", "pip"]:
            name, argv = "pip", argv[2:]
        shown = " ".join(argv[:3])
        if (
            name in PACKAGE_RUNNERS
            or f"{name} {_first_operand(argv)}" in PACKAGE_RUNNERS
            or (name == "uv" and argv[1:3] == ["tool", "run"])
        ):
            return [Decision(self.indirect, f"fetches a package and runs it (`{shown}`)", "bash.packages")]
        actions = SYSTEM_PACKAGES.get(name) or USER_PACKAGES.get(name)
        if not actions or not set(argv[1:]) & actions:
            return []
        system = (
            name in SYSTEM_PACKAGES or "--break-system-packages" in argv or cmd.wrapped_by in ("sudo", "doas")
        )
        if system:
            return [
                Decision(self.packages, f"system package install or removal (`{shown}`)", "bash.packages")
            ]
        remote = [w for w in argv[1:] if "://" in w or w.startswith(("git+", "-i", "--index-url", "--extra-index-url",
                                                                      "--registry", "-f", "--find-links"))]  # fmt: skip
        if remote:
            return [Decision(self.indirect, f"installs code from {remote[0]!r} (`{shown}`)", "bash.packages")]
        if self.user_packages == ALLOW:
            return []
        return [Decision(self.user_packages, f"package install or removal (`{shown}`)", "bash.packages")]


def _cloud_upload(argv: list[str]) -> bool:
    """`aws s3 cp|sync|mv … s3://`, `gsutil cp … gs://`, `az storage blob upload`."""
    words = [w for w in argv[1:] if not w.startswith("-")]
    if argv[0].endswith("az"):
        return words[:2] == ["storage", "blob"] and bool({"upload", "upload-batch", "sync"} & set(words))
    verbs = {"cp", "sync", "mv", "rsync"}
    return bool(verbs & set(words[:3])) and any(w.startswith(("s3://", "gs://")) for w in words[-1:])


def _file_redirects(cmd: Command) -> list[tuple[str, str]]:
    """Redirections to and from files (here-documents and here-strings carry text, not a path)."""
    return [(op, target) for op, target in cmd.redirects if op not in ("<<", "<<-", "<<<")]


def _lists_only(cmd: Command) -> bool:
    """`crontab -l`, `systemctl status X`: commands of the deny and confirm lists that only report."""
    name, argv = cmd.name, cmd.argv
    operands = [w for w in argv[1:] if not w.startswith("-")]
    if name == "crontab":
        return set(argv[1:]) <= {"-l"} and len(argv) > 1
    if name == "systemctl":
        return _first_operand(argv) in SYSTEMCTL_QUERIES or "--version" in argv
    if name == "service":
        return operands[1:2] == ["status"] or "--status-all" in argv
    if name in ("docker", "podman"):
        return operands[:1] in (["ps"], ["images"], ["logs"], ["inspect"], ["version"], ["info"])
    if name == "git":
        return operands[:1] == ["remote"] and operands[1:2] in ([], ["show"], ["get-url"])
    if name == "mount":
        return not operands
    if name == "ssh-keygen":
        return any(re.fullmatch(r"-\w*l\w*", w) for w in argv[1:]) and not {"-y", "-p"} & set(argv)
    if name in ("fdisk", "sfdisk", "parted"):
        return "-l" in argv or "--list" in argv
    return False


def _strips_owner(mode: str) -> bool:
    """A chmod mode that takes read, write or search permission from the owner (000, 0, a-rwx, u=)."""
    if re.fullmatch(r"0*[0-7]{1,4}", mode):
        owner = int(mode.zfill(3)[-3])
        return owner & 5 != 5
    return bool(re.search(r"(^|,)[ua]*[-=][rwx]*", mode)) and not re.search(r"(^|,)[go]+[-=+]", mode)


def _harmless_secret_use(cmd: Command, word: str) -> bool:
    """Uses of a secret's path that reveal nothing and open nothing: a public key (`*.pub`), listing names
    and sizes (`ls -la ~/.ssh`), and chmod to an owner-only mode (`chmod 600 ~/.ssh/config`, `go-rwx`)."""
    folders = set(path_parts(word.rsplit("/", 1)[0])) - {".ssh", ".gnupg"}
    if word.endswith(".pub") and not folders & SECRET_PARTS:
        return True
    operands = _options(cmd.argv)[1]
    if word not in operands:
        return False  # a redirection, or a path inside inline code
    if cmd.name in LISTERS:
        return True
    return cmd.name == "chmod" and len(operands) > 1 and word != operands[0] and _owner_only(operands[0])


def _owner_only(mode: str) -> bool:
    """600, 0700, 400, go-rwx, og=: group and others get nothing."""
    if re.fullmatch(r"0*[0-7]{3}", mode):
        return mode[-2:] == "00"
    return all(re.fullmatch(r"[goa]+(-[rwxX]+|=)|u[+=-][rwxX]*", part) for part in mode.split(","))


def _unreadable(mode: str) -> bool:
    """A chmod mode that takes read permission from the owner (000, 0200, u-r, a=): the contents are locked
    away. (Dropping only x is normal for files: 644.)"""
    if re.fullmatch(r"0*[0-7]{1,4}", mode):
        return not int(mode.zfill(3)[-3]) & 4
    return any(re.fullmatch(r"[ua]*[ua][ua]*(-[rwxX]*r[rwxX]*|=[wxX]*)", part) for part in mode.split(","))


def _loosens(mode: str) -> bool:
    """A chmod mode that lets others write (777, 0666, o+w, a=rwx); group write (775) stays within the
    user's own group on systems with user private groups."""
    if re.fullmatch(r"0*[0-7]{3,4}", mode):
        return bool(int(mode[-1]) & 2)
    return any(re.fullmatch(r"[ugoa]*[oa][ugoa]*[+=][rwxXst]*w[rwxXst]*", part) for part in mode.split(","))


def _setuid(mode: str) -> bool:
    """4755, 2755, u+s, g+s: the file runs with its owner's or group's rights."""
    if re.fullmatch(r"[0-7]+", mode):
        digits = mode.lstrip("0")
        return len(digits) == 4 and int(digits[0]) & 6 != 0
    return any(re.fullmatch(r"[ugoa]*[+=][rwxXt]*s[rwxXt]*", part) for part in mode.split(","))


def _everything(word: str) -> bool:
    """`DIR/*`, `DIR/.[!.]*`, `DIR/.??*`, `DIR/[a-z]*`: a glob with no literal letters matches every entry
    (or every hidden entry) of a folder."""
    part = word.rstrip("/").rsplit("/", 1)[-1]
    if not re.search(r"[*?[]", part):
        return False
    return re.sub(r"\[[^]]*\]|[*?]", "", part) in ("", ".", "..")


def _first_operand(argv: list[str]) -> str:
    return next((w for w in argv[1:] if not w.startswith("-")), "")


def _find_exec_deletes(argv: list[str]) -> bool:
    """`find … -exec rm …`, `-execdir shred …`."""
    return any(w in ("-exec", "-execdir", "-ok", "-okdir") and nxt.rsplit("/", 1)[-1] in DELETERS
               for w, nxt in zip(argv, argv[1:], strict=False))  # fmt: skip


def _sed_in_place(cmd: Command) -> bool:
    return cmd.name in ("sed", "perl") and any(w.startswith(("-i", "--in-place")) for w in cmd.argv[1:])


def _operands(argv: list[str], value_options: tuple[str, ...], value_letters: str) -> list[str]:
    """Operands of a command, skipping the values of options that take one (`-o FILE`, `-sSLo FILE`)."""
    operands, skip = [], False
    for word in argv[1:]:
        if skip:
            skip = False
        elif word.startswith("--"):
            skip = word in value_options
            if word.startswith("--url="):
                operands.append(word.split("=", 1)[1])
        elif word.startswith("-") and len(word) > 1:
            skip = word in value_options or word[-1] in value_letters
        else:
            operands.append(word)
    return operands


def _uploads(cmd: Command) -> bool:
    """Does this curl/wget/httpie command send a body (data, form, file, or a non-GET method)?"""
    argv = cmd.argv
    for i, word in enumerate(argv[1:], 1):
        key, _, value = word.partition("=")
        value = value or (argv[i + 1] if i + 1 < len(argv) else "")
        if key in ("-X", "--request", "--method"):
            if value.upper() not in ("GET", "HEAD", "OPTIONS"):
                return True
        elif key in (WGET_UPLOAD if cmd.name == "wget" else CURL_UPLOAD):
            return True
        elif cmd.name == "curl" and re.fullmatch(r"-[a-zA-Z]*[dFT][a-zA-Z]*", word):
            return True
        elif cmd.name in ("http", "https", "xh") and (
            word.upper() in ("POST", "PUT", "PATCH", "DELETE") or re.match(r"^[\w-]+(=|:=|@)", word)
        ):
            return True
    return False


def _inline_code(cmd: Command) -> str:
    """The program an interpreter runs when it is known: `python -c CODE`, `awk 'PROGRAM'`, a here-doc."""
    if not _interpreter(cmd.name) or cmd.name in SHELLS:
        return ""
    return cmd.program or ""


def _path_uses(cmd: Command) -> list[tuple[str, str]]:
    """(word, mode) for each path-like word: mode "r" read, "w" written, "?" unknown command."""
    out = [
        (target, "w" if ">" in op else "r")
        for op, target in _file_redirects(cmd)
        if target and target[0] != "&"
    ]
    _, operands = _options(cmd.argv)
    name = cmd.name
    if name in ("cp", "ln", "install", "rsync") and operands:
        out += [(w, "r") for w in operands[:-1]] + [(operands[-1], "w")]
    elif name == "dd":
        out += [
            (w[3:], "w" if w.startswith("of=") else "r") for w in operands if w.startswith(("of=", "if="))
        ]
    elif _sed_in_place(cmd) or name in WRITERS:
        out += [(w, "w") for w in operands]
    elif name in shellrisks.DB_CLIENTS:  # a database file is read by queries, written by anything else
        writes = re.search(r"\b(insert|update|delete|drop|alter|create|replace|vacuum|truncate|attach)\b|=",
                           " ".join(operands[1:]), re.I)  # fmt: skip
        out += [(w, "w" if writes else "r") for w in operands[:1]]
    elif name in READ_ONLY:
        out += [(w, "r") for w in operands]
        if name in ("awk", "gawk", "mawk", "nawk"):  # print > "file" inside the program
            out += [(w, "w") for w in re.findall(r'>>?\s*"([^"]+)"', cmd.program or "")]
    else:
        out += [(w.split("=", 1)[-1], "?") for w in cmd.argv[1:]]
    return out


def _network_hosts(name: str, argv: list[str]) -> list[str]:
    """The remote hosts a network command talks to."""
    if name == "socat":
        addresses = [w for w in argv[1:] if not w.startswith("-") or w == "-"]
        hosts = []
        for address in addresses:
            kind, _, rest = address.partition(":")
            if kind.upper().startswith(("EXEC", "SYSTEM")):
                hosts.append(f"{kind}: (runs a program)")
            elif re.match(r"(TCP|UDP|SCTP|OPENSSL|SSL|SOCKS|PROXY)[0-9]*$", kind.upper()):
                hosts.append(rest.split(":")[0].split(",")[0])
        return hosts
    if name == "openssl":
        at = argv.index("-connect") + 1 if "-connect" in argv else 0
        return [argv[at].rsplit(":", 1)[0]] if 0 < at < len(argv) else []
    if name in ("scp", "sftp", "rsync"):
        hosts = []
        for word in argv[1:]:
            if word.startswith("rsync://") or word.startswith("sftp://") or word.startswith("scp://"):
                hosts.append(urlsplit(word).hostname or "")
            elif not word.startswith(("-", "/", ".")):
                match = re.match(r"^(?:[^@/]+@)?(\[[^]]+\]|[^:/]+):", word)
                if match:
                    hosts.append(match.group(1))
        return hosts if name != "sftp" else hosts or [w for w in argv[1:] if not w.startswith("-")][-1:]
    operands, skip = [], False
    for word in argv[1:]:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = name in ("ssh",) and len(word) == 2 and word[1] in SSH_VALUES
            skip = skip or (
                name != "ssh"
                and word
                in ("-p", "-s", "-w", "-i", "-q", "-x", "-X", "-P", "-W", "-g", "-G", "-O", "-T", "-I")
            )
        else:
            operands.append(word)
    if name == "ssh":
        return [operands[0].rsplit("@", 1)[-1]] if operands else []
    return [w for w in operands if not re.fullmatch(r"[0-9]+(-[0-9]+)?", w)][:1]


def _download_targets(cmd: Command) -> set[str]:
    """File names a curl/wget command saves to (`-o F`, `-sSLo F`, `--output=F`, remote names)."""
    names = set()
    argv = cmd.argv
    value_letter = "o" if cmd.name == "curl" else "O"
    names |= {posixpath.basename(t) for op, t in _file_redirects(cmd) if ">" in op}  # curl URL > file
    for i, word in enumerate(argv[:-1]):
        if word in ("--output", "--output-document") or re.fullmatch(rf"-[a-zA-Z]*{value_letter}", word):
            names.add(posixpath.basename(argv[i + 1]))
    names |= {
        posixpath.basename(w.split("=", 1)[1])
        for w in argv
        if w.startswith(("--output=", "--output-document="))
    }
    remote = (
        cmd.name == "wget"
        or "--remote-name" in argv
        or any(re.fullmatch(r"-[a-zA-Z]*O[a-zA-Z]*", w) for w in argv)
    )
    if remote:
        names |= {posixpath.basename(urlsplit(w).path) for w in argv[1:] if "://" in w}
    return {n for n in names if n and n != "-"}


def _download_run(cmd: Command, downloaded: set[str]) -> list[Decision]:
    """Running something fetched: `bash -c "$(curl …)"`, `sh <(wget …)`, `curl -o x; sh x`."""
    fetches = [
        body for body in cmd.substitutions if any(c.name in DOWNLOADERS for c in analyse(body).commands)
    ]
    runs = _interpreter(cmd.name) or SUBST_RE.search(cmd.argv[0]) or cmd.wrapped_by in (SHELLS | {"eval"})
    if fetches and runs:
        return [Decision(DENY, "runs code downloaded from the network", "bash.download_exec")]
    if downloaded:
        names = {posixpath.basename(w) for w in cmd.argv}
        if names & downloaded and (
            _interpreter(cmd.name) or cmd.name in ("chmod",) or posixpath.basename(cmd.argv[0]) in downloaded
        ):
            return [
                Decision(
                    DENY, f"runs a downloaded file ({sorted(names & downloaded)[0]})", "bash.download_exec"
                )
            ]
    return []


def _pipelines(commands: list[Command]) -> list[Decision]:
    """`curl … | sh`: a download piped into an interpreter; any other text piped into a shell."""
    found = []
    by_pipeline: dict[int, list[Command]] = {}
    for cmd in commands:
        if cmd.argv:
            by_pipeline.setdefault(cmd.pipeline, []).append(cmd)
    for members in by_pipeline.values():
        for cmd in members:
            if cmd.position == 0 or not _interpreter(cmd.name) or _runs_script_file(cmd):
                continue
            if shellrisks.plain_python(cmd):  # the piped program is known and only computes
                continue
            upstream = [c for c in members if c.position < cmd.position]
            if any(c.name in DOWNLOADERS for c in upstream):
                found.append(Decision(DENY, f"pipes a download into `{cmd.name}`", "bash.download_exec"))
            else:
                found.append(Decision(CONFIRM, f"pipes generated text into `{cmd.name}`", "bash.pipe_shell"))
    return found


def _runs_script_file(cmd: Command) -> bool:
    """`python script.py` reads its program from a file, not from the pipe (stdin is then only data)."""
    flags, operands = _options(cmd.argv)
    if cmd.name in SHELLS and "-s" in flags:
        return False
    return bool(operands) and operands[0] != "-" and cmd.name not in ("source", ".", "eval")


def _printed(cmd: Command) -> str:
    """The text `echo`/`printf` would print (the printf format with its arguments filled in)."""
    if cmd.name == "echo":
        return " ".join(w for w in cmd.argv[1:] if not re.fullmatch(r"-[neE]+", w))
    if cmd.name == "printf" and len(cmd.argv) > 1:
        fmt, args = cmd.argv[1], cmd.argv[2:]
        try:
            return (
                (fmt.replace("%b", "%s") % tuple(args)).replace("\\n", "\n")
                if args
                else fmt.replace("\\n", "\n")
            )
        except (TypeError, ValueError):
            return " ".join(cmd.argv[1:])
    return ""
