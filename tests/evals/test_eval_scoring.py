import pytest

from deskpilot.evals.env import TaskEnv
from deskpilot.evals.errors import Excluded, Unsupported
from deskpilot.evals.scoring import evaluate


def rule(value):
    return {"type": "rule", "rules": value}


def match(value, expected):
    """An exact_match metric over rule getters: 1 when value == expected."""
    return "exact_match", rule(value), rule({"expected": expected})


def fuzzy(value, expected):
    return "fuzzy_match", rule(value), rule({"expected": expected})


def listed(*metrics, conj=None):
    evaluator = {
        "func": [m[0] for m in metrics],
        "result": [m[1] for m in metrics],
        "expected": [m[2] for m in metrics],
    }
    if conj:
        evaluator["conj"] = conj
    return evaluator


@pytest.fixture
def env(tmp_path):
    return TaskEnv(desktop=None, cache_dir=tmp_path)  # rule and file getters need no desktop


def single(metric):
    return {"func": metric[0], "result": metric[1], "expected": metric[2]}


def test_single_metric_and_options(env):
    assert evaluate(env, single(match("a", "a")), agent_failed=False) == 1.0
    assert evaluate(env, single(match("a", "b")), agent_failed=False) == 0.0
    literal = {
        "func": "literal_match",
        "result": rule("A"),
        "expected": rule("a"),
        "options": {"ignore_case": True},
    }
    assert evaluate(env, literal, agent_failed=False) == 1.0
    no_expected = {"func": "compare_table", "result": rule(None), "options": {"rules": []}}
    assert evaluate(env, no_expected, agent_failed=False) == 0.0  # metric(result, **options); None scores 0


def test_and_is_zero_at_the_first_zero_else_the_mean(env):
    assert evaluate(env, listed(match("a", "a"), fuzzy("hello world", "hello world")), False) == 1.0
    assert evaluate(env, listed(match("a", "a"), fuzzy("hello", "hello world")), False) == pytest.approx(
        (1 + 10 / 16) / 2
    )
    assert evaluate(env, listed(match("a", "b"), match("a", "a")), False) == 0.0


def test_or_is_one_at_the_first_one_else_the_highest(env):
    assert evaluate(env, listed(match("a", "b"), match("a", "a"), conj="or"), False) == 1.0
    assert evaluate(
        env, listed(match("a", "b"), fuzzy("hello", "hello world"), conj="or"), False
    ) == pytest.approx(10 / 16)
    assert evaluate(env, listed(match("a", "b"), match("c", "d"), conj="or"), False) == 0.0


def test_per_metric_options_in_lists(env):
    evaluator = {
        "func": ["literal_match", "literal_match"],
        "result": [rule("A"), rule("b")],
        "expected": [rule("a"), rule("b")],
        "options": [{"ignore_case": True}, {}],
    }
    assert evaluate(env, evaluator, False) == 1.0


def test_a_missing_file_scores_zero(env, tmp_path):
    (tmp_path / "here.txt").write_text("x")
    present = {
        "func": "compare_text_file",
        "result": {"type": "vm_file", "path": str(tmp_path / "here.txt")},
        "expected": {"type": "cache_file", "path": "here.txt"},
    }
    assert evaluate(env, present, False) == 1.0
    missing = {**present, "result": {"type": "vm_file", "path": str(tmp_path / "gone.txt")}}
    assert evaluate(env, missing, False) == 0.0
    assert (
        evaluate(
            env,
            listed(match("a", "a"), ("compare_text_file", missing["result"], present["expected"]), conj="or"),
            False,
        )
        == 1.0
    )


def test_fail_rules(env):
    assert evaluate(env, {"func": "infeasible"}, agent_failed=True) == 1.0
    assert evaluate(env, {"func": "infeasible"}, agent_failed=False) == 0.0
    assert evaluate(env, single(match("a", "a")), agent_failed=True) == 0.0


def test_unknown_metric_or_getter_is_unsupported(env):
    with pytest.raises(Unsupported, match="metric 'compare_holograms'"):
        evaluate(env, {"func": "compare_holograms", "result": rule(1)}, False)
    with pytest.raises(Unsupported, match="getter 'crystal_ball'"):
        evaluate(
            env,
            {"func": "exact_match", "result": {"type": "crystal_ball"}, "expected": rule({"expected": 1})},
            False,
        )
    with pytest.raises(Unsupported, match="config step 'levitate'"):
        evaluate(env, {"func": "infeasible", "postconfig": [{"type": "levitate", "parameters": {}}]}, True)
    with pytest.raises(Excluded, match="login"):
        evaluate(env, {"func": "infeasible", "postconfig": [{"type": "login", "parameters": {}}]}, True)
