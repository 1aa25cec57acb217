"""The shell analysis the bash rules decide on: what a command line runs, as bash would expand it."""

from __future__ import annotations

import pytest

from deskpilot.safety.shell import SUBST_RE, analyse
from deskpilot.safety.shellexpand import ansi_c, arithmetic, brace_expand, printf


def runs(line: str) -> list[list[str]]:
    return [[c.name, *c.argv[1:]] for c in analyse(line).commands if c.argv]


@pytest.mark.parametrize(
    "line",
    [
        "r''m -r''f ~",
        "\\r\\m -rf ~",
        "$'\\x72\\x6d' -rf ~",
        "$'\\162\\155' -rf ~",
        "{rm,-rf,~}",
        "a=r b=m; $a$b -rf ~",
        'cmd="rm -rf ~"; $cmd',
        "c=rm,-rf,~; IFS=,; $c",
        'v=r; w=m; "$v$w" -rf ~',
        "alias wipe='rm -rf'; wipe ~",
        'f(){ rm -rf "$1"; }; f ~',
        'g(){ "$@"; }; g rm -rf ~',
        'for d in ~; do rm -rf "$d"; done',
        "while read d; do rm -rf $d; done <<< ~",
        "$(echo rm) -rf ~",
        "`printf rm` -rf ~",
        "$(which rm) -rf ~",
        "printf -v c rm; $c -rf ~",
        "echo cm0gLXJmIH4= | base64 -d | sh",
        "echo '~ fr- mr' | rev | bash",
        "echo 'ez -es ~' | tr a-z n-za-m | sh",
        "echo 726d202d7266207e | xxd -r -p | sh",
        "printf '\\x72\\x6d -rf ~' | sh",
        "bash <<< 'rm -rf ~'",
        "cat <<EOF | sh\nrm -rf ~\nEOF",
        "sh -c 'rm -rf \"$1\"' _ ~",
        'eval "$(base64 -d <<< cm0gLXJmIH4=)"',
        "source <(echo 'rm -rf ~')",
        "echo 'rm -rf ~' > /tmp/x.sh; bash /tmp/x.sh",
        "printf 'rm -rf ~\\n' > x; chmod +x x; ./x",
        "nice -n 5 timeout 9 env -i command rm -rf ~",
        "taskset -c 0 strace -f rm -rf ~",
        "echo ~ | xargs rm -rf",
        "xargs -I% rm -rf % <<< ~",
        "ssh localhost 'rm -rf ~'",
        "watch -n 1 'rm -rf ~'",
        "trap 'rm -rf ~' EXIT",
        "xterm -e 'rm -rf ~'",
        "firejail --quiet rm -rf ~",
    ],
)
def test_disguised_commands_are_seen_as_what_they_run(line):
    assert ["rm", "-rf", "~"] in runs(line), runs(line)


def test_find_exec_and_xargs_act_on_what_find_matches():
    assert ["rm", "-rf", "~/*"] in runs("find ~ -mindepth 1 -exec rm -rf {} +")
    assert ["rm", "-f", "./*.tmp"] in runs(
        "find . -name '*.tmp' -print0 | xargs -0 rm -f"
    )  # one name: its pattern
    assert ["rm", "-f", "./x"] in runs("find . -name '*.tmp' -o -name '*.bak' | xargs rm -f")


def test_quoted_text_and_unknown_values_stay_as_written():
    assert runs("echo '{a,b}' \"$HOME\" ${PATH:0:1}") == [["echo", "{a,b}", "$HOME", "${PATH:0:1}"]]
    [[_, word]] = runs("rm $(curl -s http://x.test/name)")[-1:]
    assert SUBST_RE.fullmatch(word)


def test_fork_bombs_are_found_by_structure_not_spelling():
    assert analyse(":(){ :|:& };:").self_spawning
    assert analyse("boom() { boom & boom; }; boom").self_spawning
    assert not analyse("count() { echo $1; }; count 3").self_spawning


def test_lines_tree_sitter_cannot_parse_are_flagged_and_still_read():
    analysis = analyse("[ -d ~ ] && rm -rf ~")
    assert analysis.error and ["rm", "-rf", "~"] in [c.argv for c in analysis.commands]


def test_expansion_helpers():
    assert brace_expand("a{b,c}d") == ["abd", "acd"] and brace_expand("{1..3}") == ["1", "2", "3"]
    assert ansi_c("\\x72\\155") == "rm" and printf("%s-%s\\n", ["a", "b", "c"]) == "a-b\nc-\n"
    assert arithmetic("1024*1024*3") == 3 * 1024 * 1024 and arithmetic("x+1") is None


@pytest.mark.parametrize(
    "line",
    [
        "(" * 3000 + "ls" + ")" * 3000,
        "$(" * 500 + "ls" + ")" * 500,
        " ".join(f"for v{i} in 1 2 3 4 5 6 7 8; do" for i in range(9)) + " ls; " + "done; " * 9,
        "echo 'bash x' > x; bash x",
    ],
)
def test_runaway_lines_end_quickly_flagged(line):
    assert analyse(line).error  # too deep or too many commands: the rules confirm it


@pytest.mark.parametrize("line", ["a(){ a; }; a", "alias a=b b=a; a"])
def test_recursive_functions_and_aliases_are_read_once(line):
    analysis = analyse(line)
    assert not analysis.error and len(analysis.commands) < 10


def test_a_long_word_is_read_in_linear_time():
    from deskpilot.core.turns import ToolCall
    from deskpilot.safety.policy import Policy

    assert Policy.load().check(ToolCall("t", "bash", {"command": "x" * 60000})).verdict == "allow"


def test_a_redirect_after_a_list_belongs_to_its_last_command():
    """tree-sitter-bash hangs `> f` of `a && b > f` on the whole list; bash gives it to `b`."""
    commands = [(c.argv, c.redirects) for c in analyse("mkdir d && echo kept > d/a.txt || true").commands]
    assert (["echo", "kept"], [(">", "d/a.txt")]) in commands
    assert ([], [(">", "d/a.txt")]) not in commands
