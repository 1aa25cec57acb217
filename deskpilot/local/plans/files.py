"""File-system plans, through the bash tool: make folders and files, move, copy, rename, delete.

Paths are relative to the home folder; `*` in a name stays a shell glob, everything else is quoted. Each
command ends by listing what should now exist (or checking what should be gone), so the plan sees whether
it worked; the bash tool reports a failure as a final `[exit code: N]` line (deskpilot.tools.bash).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Generator

from deskpilot.local.nlu.schema import Command
from deskpilot.local.plans.common import Act, GiveUp, NeedUser, Plan


def quote(path: str) -> str:
    """A shell word for a home-relative path; `*` stays a glob."""
    return "*".join(shlex.quote(part) if part else "" for part in path.split("*")) or "."


def shell(cmd: Command) -> tuple[str, str]:
    """The command line for a files command, and a summary of it."""
    args = [quote(a) for a in cmd.args]
    if cmd.op == "mkdir":
        return f"mkdir -p -- {' '.join(args)} && ls -d -- {' '.join(args)}", f"made {', '.join(cmd.args)}"
    if cmd.op == "write" and not cmd.args[1]:  # a new empty file: `touch`, which keeps one already there
        return shell(Command("files", op="touch", args=cmd.args[:1]))
    if cmd.op == "write":
        target, text = cmd.args
        parent = target.rsplit("/", 1)[0] if "/" in target else ""
        make = f"mkdir -p -- {quote(parent)} && " if parent else ""
        body = f"printf '%s\\n' {shlex.quote(text)}"
        return f"{make}{body} > {quote(target)} && ls -- {quote(target)}", f"wrote {target}"
    if cmd.op in ("move", "copy"):
        *sources, dest = args
        if dest.endswith("/'") or dest.endswith("/"):
            folder = dest[:-2] + "'" if dest.endswith("/'") else dest[:-1]
            make = f"mkdir -p -- {folder} && "
        else:
            make = ""
        verb = "mv --" if cmd.op == "move" else "cp -r --"
        check = f"ls -d -- {dest}" if not dest.endswith("/'") else f"ls -- {dest}"
        return (
            f"{make}{verb} {' '.join(sources)} {dest} && {check}",
            f"{'moved' if cmd.op == 'move' else 'copied'} {', '.join(cmd.args[:-1])} to {cmd.args[-1]}",
        )
    if cmd.op == "concat":  # several files one after the other into one
        *sources, dest = args
        return (
            f"cat -- {' '.join(sources)} > {dest} && ls -- {dest}",
            f"joined {', '.join(cmd.args[:-1])} into {cmd.args[-1]}",
        )
    if cmd.op == "append":  # one file's text put after another's (args: the file added, the file it goes on)
        src, dest = args
        return f"cat -- {src} >> {dest} && ls -- {dest}", f"added {cmd.args[0]} to the end of {cmd.args[1]}"
    if cmd.op == "by_ext":  # args: the folder ("" home); each file goes into a folder named by its ending
        where = f"cd -- {args[0]} && " if cmd.args[0] else ""
        return (
            f'{where}for f in *.*; do [ -f "$f" ] || continue; e="${{f##*.}}"; e="${{e,,}}"; mkdir -p -- "$e" && mv -- "$f" "$e/"; done; ls',
            f"put the files of {cmd.args[0] or 'the home folder'} into one folder per extension",
        )
    if cmd.op == "swap":  # two names exchanged through a third that is free
        a, b = args
        tmp = quote(cmd.args[0] + ".swap-tmp")
        return (
            f"mv -- {a} {tmp} && mv -- {b} {a} && mv -- {tmp} {b} && ls -- {a} {b}",
            f"swapped {cmd.args[0]} and {cmd.args[1]}",
        )
    if cmd.op == "rename_ext":  # args: folder, old extension, new extension
        folder, old, new = cmd.args
        where = quote(folder) if folder else "."
        loop = (f'for f in {where}/*.{shlex.quote(old)}; do mv -- "$f" "${{f%.{old}}}.{new}"; done'
                f" && ! ls -- {where}/*.{shlex.quote(old)} 2>/dev/null")  # fmt: skip
        return loop, f"renamed the .{old} files in {folder or '~'} to .{new}"
    if (
        cmd.op == "archive"
    ):  # args: the file or folder, the archive (.zip with zip, else a tar, gzipped for .gz/.tgz)
        source, dest = cmd.args
        parent, _, name = source.rpartition("/")
        where = f"-C {quote(parent)} " if parent else ""
        if dest.endswith(".zip"):
            line = f"(cd {quote(parent) if parent else '.'} && zip -qr ~/{quote(dest)} {quote(name)})"
        else:
            gz = "z" if dest.endswith((".gz", ".tgz")) else ""
            line = f"tar -c{gz}f {quote(dest)} {where}{quote(name)}"
        return f"{line} && ls -- {quote(dest)}", f"packed {source} into {dest}"
    if cmd.op == "touch":  # empty files, their folders made if missing
        folders = sorted({quote(a.rsplit("/", 1)[0]) for a in cmd.args if "/" in a})
        make = f"mkdir -p -- {' '.join(folders)} && " if folders else ""
        return f"{make}touch -- {' '.join(args)} && ls -- {' '.join(args)}", f"made {', '.join(cmd.args)}"
    if cmd.op == "list":
        return f"ls -la -- {' '.join(args)}", f"listed {', '.join(cmd.args)}"
    if cmd.op == "delete_empty":  # args: the folder whose empty subfolders go (empty ones inside them too)
        where = quote(cmd.args[0])
        return (
            f"find {where} -mindepth 1 -type d -empty -delete && ls -A {where}",
            f"deleted the empty folders in {cmd.args[0] or '~'}",
        )
    if cmd.op == "delete_except":  # args: the folder ("" the home folder), then the names that stay
        folder, *keep = cmd.args
        spare = " ".join(f"! -name {shlex.quote(k.rsplit('/', 1)[-1])}" for k in keep)
        return (
            f"cd -- {quote(folder)} && find . -mindepth 1 -maxdepth 1 {spare} -exec rm -r -- {{}} + && ls -A",
            f"deleted everything in {folder or '~'} but {', '.join(keep)}",
        )
    if cmd.op == "delete":
        # files by plain `rm`: `rm -r` reads to the policy as emptying a folder, which it asks about
        files = all(re.search(r"\.[A-Za-z]\w{0,4}$", a) and "*" not in a for a in cmd.args)
        return (
            f"rm {'' if files else '-r '}-- {' '.join(args)} && ! ls -d -- {' '.join(args)} 2>/dev/null",
            f"deleted {', '.join(cmd.args)}",
        )
    raise GiveUp(f"I don't know the file operation {cmd.op!r}.")


def resolve(p, cmd: Command) -> Plan:
    """The existing paths the command's sources name: as given, else the one file or folder whose name starts
    with it ("the notes file" -> notes.txt); several candidates -> one question."""
    if cmd.op not in ("move", "copy", "delete"):
        return cmd
    sources = list(cmd.args if cmd.op == "delete" else cmd.args[:-1])
    globs = [s for s in sources if "*" in s]
    at_home: dict[str, list[str]] = {}  # glob -> what it matches in the home folder, each listed once
    if len(globs) > 1:  # several kinds ("the pictures": *.jpg, *.png ...): those that match nothing go
        for g in globs:
            at_home[g] = yield from _listed(f"cd ~ && ls -d -- {quote(g)} 2>/dev/null", f"Looking for {g}")
        matched = [g for g in globs if at_home[g]]
        sources = [s for s in sources if "*" not in s or s in matched] if matched else sources
    for i, src in enumerate(list(sources)):
        if "*" in src and "/" not in src:  # a name's part or kind: at home, else the one(s) in folders below
            if src not in at_home:
                at_home[src] = yield from _listed(
                    f"cd ~ && ls -d -- {quote(src)} 2>/dev/null", f"Looking for {src}"
                )
            if not at_home[src]:
                below = yield from _found_below(src)
                if len(below) > 1 and cmd.op == "move" and not cmd.args[-1].endswith("/"):
                    raise NeedUser(f"Which one do you mean by {src!r}: {', '.join(below[:6])}?")
                if below:
                    sources[sources.index(src)] = below[0]
                    sources.extend(below[1:])
        if "*" in src:
            continue
        q = quote(src)
        found = yield from _listed(
            f"cd ~ && (ls -d -- {q} 2>/dev/null || ls -d -- {q}* 2>/dev/null)", f"Looking for {src}"
        )
        if len(found) > 1 and src not in found:
            raise NeedUser(f"Which one do you mean by {src!r}: {', '.join(found[:6])}?")
        if not found:  # "delete old.txt" when it is in ~/Documents: the one file of that name below home
            found = yield from _found_below(src)
        if len(found) > 1:
            raise NeedUser(f"Which one do you mean by {src!r}: {', '.join(found[:6])}?")
        if not found:
            raise GiveUp(f"There is no file or folder {src!r} in the home folder or the folders in it.")
        sources[i] = found[0]
    dest = cmd.args[-1]
    moved = [s for s, given in zip(sources, cmd.args, strict=False) if "/" in s and "/" not in given]
    if (
        cmd.op == "move"
        and len(sources) == 1
        and moved
        and "/" not in dest
        and re.search(r"\.\w{1,5}$", dest)
    ):
        dest = f"{moved[0].rsplit('/', 1)[0]}/{dest}"  # a file found in a folder is renamed there
    top = dest.split("/", 1)[0] if "/" in dest else ""
    if cmd.op != "delete" and top and "*" not in top and top not in (".", ".."):
        # "in documents" when the folder is Documents (or "Documents" when it is documents): the folder there
        result = yield Act("bash", {"command": f"cd ~ && find . -mindepth 1 -maxdepth 1 -type d -iname {shlex.quote(top)}"},
                           f"Looking for the folder {top}")  # fmt: skip
        found = [ln[2:] for ln in _output(result).splitlines() if ln.startswith("./")]
        if top not in found and len(found) == 1:
            dest = found[0] + dest[len(top) :]
    args = tuple(sources) if cmd.op == "delete" else (*sources, dest)
    return Command(cmd.kind, op=cmd.op, args=args, app=cmd.app, clause=cmd.clause)


def _found_below(src: str) -> Generator[Act, object, list[str]]:
    """The paths below home (4 levels, hidden folders aside) whose name is src's, in any letter case; those
    that end in all of src's folders when it names some."""
    name = src.rstrip("/").rsplit("/", 1)[-1]
    result = yield Act(
        "bash",
        {
            "command": f"cd ~ && find . -mindepth 1 -maxdepth 4 -not -path '*/.*' -iname {shlex.quote(name)} | head -n 20"
        },
        f"Looking for {name} in the folders of the home folder",
    )
    found = [ln[2:] for ln in _output(result).splitlines() if ln.startswith("./")]
    if "/" in src.rstrip("/"):
        found = [f for f in found if f.lower().endswith(src.rstrip("/").lower())]
    return found


def _listed(command: str, note: str) -> Generator[Act, object, list[str]]:
    """The lines a listing command printed, its exit-code line aside."""
    result = yield Act("bash", {"command": command}, note)
    return [ln for ln in _output(result).splitlines() if ln and not ln.startswith("[exit code")]


def _output(result) -> str:
    return (getattr(result, "output", "") or "") + (getattr(result, "error", "") or "")


def plan_files(p, cmd: Command) -> Plan:
    if not p.has_tool("bash"):
        raise GiveUp("File operations need the bash tool, which this session was started without.")
    cmd = yield from resolve(p, cmd)
    line, summary = shell(cmd)
    result = yield Act("bash", {"command": f"cd ~ && {line}"}, f"Running: {line}")
    output = _output(result)
    code = re.search(r"\[exit code: (\d+)\]\s*$", output)
    if getattr(result, "error", None) or code:
        raise GiveUp(f"The command {line!r} failed: {output.strip()[-300:]}")
    return summary
