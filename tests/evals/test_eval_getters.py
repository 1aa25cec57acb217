"""Getters against a real desktop (one per module; each test uses its own files and windows)."""

import pytest

from deskpilot.evals import getters, setup
from deskpilot.evals.errors import Unsupported
from deskpilot.evals.metrics import basic


def get(env, **config):
    return getters.get(env, config)


def test_vm_file(env):
    path = env.home / "a.txt"
    path.write_text("x")
    copy = get(env, type="vm_file", path=str(path), dest="a.txt")  # copied to the cache, as OSWorld does
    assert copy == str(env.cache_dir / "a.txt") and open(copy).read() == "x"
    with pytest.raises(FileNotFoundError):
        get(env, type="vm_file", path=str(env.home / "missing.txt"), dest="m.txt")
    (env.home / "b.txt").write_text("y")
    paths = [str(path), str(env.home / "b.txt")]
    copies = [str(env.cache_dir / "a"), str(env.cache_dir / "b")]
    assert get(env, type="vm_file", multi=True, path=paths, dest=["a", "b"], gives=[1]) == copies[1]
    assert get(env, type="vm_file", multi=True, path=paths, dest=["a", "b"], gives=[0, 1]) == copies


def test_command_getters_run_in_the_desktop(env):
    assert get(env, type="vm_command_line", command="echo $HOME; echo oops >&2") == f"{env.home}\n"
    assert get(env, type="vm_command_error", command="echo $HOME; echo oops >&2") == "oops\n"
    assert get(env, type="vm_command_line", command=["printf", "%s", "a b"]) == "a b"
    assert (
        get(env, type="vm_command_line", command="python3 -c 'import openpyxl, deskpilot; print(1)'") == "1\n"
    )


def test_rule_list_directory_and_cache_file(env):
    assert get(env, type="rule", rules={"expected": [1]}) == {"expected": [1]}
    (env.home / "tree" / "sub").mkdir(parents=True)
    (env.home / "tree" / "b.txt").write_text("")
    (env.home / "tree" / "a.txt").write_text("")
    assert get(env, type="list_directory", path=str(env.home / "tree")) == {
        "type": "directory",
        "name": "tree",
        "children": [
            {"type": "file", "name": "a.txt"},
            {"type": "file", "name": "b.txt"},
            {"type": "directory", "name": "sub", "children": []},
        ],
    }
    with pytest.raises(FileNotFoundError):
        get(env, type="list_directory", path=str(env.home / "nope"))
    setup.execute(env, "printf 'gold'", stdout="gold.txt")
    assert open(get(env, type="cache_file", path="gold.txt")).read() == "gold"
    with pytest.raises(FileNotFoundError):
        get(env, type="cache_file", path="other.txt")


def test_content_from_vm_file_last_row(env):
    setup.execute(env, f"python3 -m deskpilot.evals.fixtures table scores {env.home}/scores.xlsx")
    config = {
        "type": "content_from_vm_file",
        "path": str(env.home / "scores.xlsx"),
        "file_type": "xlsx",
        "file_content": "last_row",
    }
    assert getters.get(env, config) == ["Max", "18"]
    with pytest.raises(Unsupported, match="content_from_vm_file 'docx'"):
        getters.get(env, {**config, "file_type": "docx"})


def test_vm_terminal_output_reads_the_xterm_log(env):
    log = env.home / "term.log"
    setup.launch(env, ["xterm", "-l", "-lf", str(log)])
    env.desktop.input.type_text("echo $((6*7))\n")
    env.desktop.wait_settled()
    output = get(env, type="vm_terminal_output", path=str(log))
    assert "echo $((6*7))\n42" in output
    assert "\x1b" not in output and "\r" not in output
    with pytest.raises(FileNotFoundError):
        get(env, type="vm_terminal_output")  # no terminal logs to ~/.xterm.log here


def test_accessibility_tree_shows_the_calculator_display(env):
    setup.launch(env, ["galculator"])
    env.desktop.input.type_text("12*34\n")
    env.desktop.wait_settled()
    tree = get(env, type="accessibility_tree")
    rule = {"xpath": "//application[@name='galculator']//scroll-pane/text", "text": "408"}
    assert basic.check_accessibility_tree(tree, [rule]) == 1.0
    assert basic.check_accessibility_tree(tree, [{**rule, "text": "0"}]) == 0.0


def test_unknown_getter_is_unsupported(env):
    with pytest.raises(Unsupported, match="getter 'crystal_ball'"):
        get(env, type="crystal_ball")
