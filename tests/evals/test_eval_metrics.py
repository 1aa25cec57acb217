import pytest

from deskpilot.evals import fixtures
from deskpilot.evals.errors import Unsupported
from deskpilot.evals.metrics import basic, table

A11Y = (
    '<desktop-frame xmlns:st="https://accessibility.ubuntu.example.org/ns/state">'
    '<application name="galculator"><frame name="galculator"><scroll-pane name="">'
    '<text name="" st:showing="true">408</text></scroll-pane><text name="" /></frame></application>'
    '<application name="mousepad"><text name="">408</text></application></desktop-frame>'
)


def test_string_metrics():
    assert basic.exact_match("ok\n", {"expected": "ok\n"}) == 1.0
    assert basic.exact_match("ok", {"expected": "ok\n"}) == 0.0
    rules = {"include": ["a", "b"], "exclude": ["z"]}
    assert basic.check_include_exclude("a b", rules) == 1.0
    assert basic.check_include_exclude("a b z", rules) == 0.0
    assert basic.check_include_exclude("a", rules) == 0.0
    assert basic.check_include_exclude(None, rules) == 0.0
    assert basic.match_in_list("b", {"expected": ["a", "b"]}) == 1.0
    assert basic.match_in_list("c", {"expected": ["a", "b"]}) == 0.0
    assert basic.is_in_list(["a", {"t": 1}], {"expected": {"t": 1}}) == 1.0
    assert basic.is_in_list(["a"], {"expected": "b"}) == 0.0
    assert basic.literal_match(3, "3") == 1.0
    assert basic.literal_match("A", "a") == 0.0
    assert basic.literal_match("A", "a", ignore_case=True) == 1.0
    assert basic.literal_match(["Ned", 21], ["Ned", "21"], type="list") == 1.0
    assert basic.literal_match(["Ned"], ["Ned", "21"], type="list") == 0.0
    with pytest.raises(Unsupported, match="literal_match type 'set'"):
        basic.literal_match(1, 1, type="set")
    assert basic.fuzzy_match("hello world", {"expected": "hello world"}) == 1.0
    assert 0.5 < basic.fuzzy_match("hello wrld", {"expected": "hello world"}) < 1.0
    assert basic.fuzzy_match("", {"expected": "hello"}) == 0.0


def test_text_file_metrics(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    a.write_text("Hello  world\n\n")
    b.write_text("hello world")
    c.write_text("one\ntwo\nthree\nfour\n")
    assert basic.compare_text_file(str(a), str(b)) == 0.0
    assert basic.compare_text_file(str(a), str(b), ignore_blanks=True) == 0.0
    assert basic.compare_text_file(str(a), str(b), ignore_blanks=True, ignore_case=True) == 1.0
    assert basic.compare_text_file(None, str(b)) == 0.0
    d = tmp_path / "d"
    d.write_text("one\ntwo\nTHREE\nfour\n")
    assert basic.diff_text_file(str(c), str(c)) == 1.0
    assert basic.diff_text_file(str(d), str(c)) == 0.75
    assert basic.diff_text_file(None, str(c)) == 0.0


def test_json_metrics(tmp_path):
    settings = tmp_path / "settings.json"
    settings.write_text('{"theme": "dark", "font_size": 14, "extra": true}')
    assert basic.check_json_settings(str(settings), {"expected": {"theme": "dark", "font_size": 14}}) == 1.0
    assert basic.check_json_settings(str(settings), {"expected": {"theme": "light"}}) == 0.0
    assert basic.check_json_settings(str(settings), {"expected": {"missing": None}}) == 0.0
    settings.write_text("not json")
    assert basic.check_json_settings(str(settings), {"expected": {"theme": "dark"}}) == 0.0

    check = basic.check_direct_json_object
    assert check('{"name": "Ada", "n": 1}\n', {"expected": {"name": "Ada"}}) == 1.0
    assert check({"name": "Ada"}, {"expected": {"name": "Ada", "email": None}}) == 1.0
    assert check({"name": "Ada", "email": "x"}, {"expected": {"email": None}}) == 0.0
    assert check("{'a': [2, 1]}", {"expected": {"a": [1, 2]}}) == 0.0
    assert check("{'a': [2, 1]}", {"expected": {"a": [1, 2]}, "ignore_list_order": True}) == 1.0
    assert (
        check({"url": "https://x.org/a?b"}, {"expected": {"url": "x.org/a"}, "expect_in_result": True}) == 1.0
    )
    assert check({"tags": ["a", "b"]}, {"expected": {"tags": ["c", "b"]}, "expect_in_result": True}) == 1.0
    assert check({"tags": ["a"]}, {"expected": {"tags": ["c"]}, "expect_in_result": True}) == 0.0
    assert check("garbage", {"expected": {"a": 1}}) == 0.0


def test_check_accessibility_tree():
    rule = {"xpath": "//application[@name='galculator']//scroll-pane/text", "text": "408"}
    assert basic.check_accessibility_tree(A11Y, [rule]) == 1.0
    assert basic.check_accessibility_tree(A11Y, [{**rule, "text": "409"}]) == 0.0
    assert basic.check_accessibility_tree(A11Y, [{"xpath": "//application[@name='gimp']"}]) == 0.0
    assert (
        basic.check_accessibility_tree(A11Y, [{"xpath": "//text[@st:showing='true']", "text": "408"}]) == 1.0
    )
    assert basic.check_accessibility_tree(A11Y, [{**rule, "text": "4080", "exact": False}]) == pytest.approx(
        6 / 7
    )
    assert (
        basic.check_accessibility_tree(
            A11Y, [{"selectors": ["application[name=mousepad] text"], "text": "408"}]
        )
        == 1.0
    )
    assert basic.check_accessibility_tree(A11Y, [{"selectors": ["application[name=gimp] text"]}]) == 0.0


@pytest.fixture
def books(tmp_path):
    xlsx, csv_file = tmp_path / "sales.xlsx", tmp_path / "sales.csv"
    fixtures.write_table("sales", str(xlsx))
    fixtures.write_table("sales", str(csv_file))
    return str(xlsx), str(csv_file)


def test_load_book_reads_xlsx_and_csv_alike(books):
    xlsx, csv_file = books
    assert table.load_book(xlsx) == {"Sheet1": fixtures.TABLES["sales"]}
    assert table.load_book(csv_file) == {"sales": fixtures.TABLES["sales"]}


def test_compare_table_sheet_data_and_check_cell(books, tmp_path):
    xlsx, csv_file = books
    same = {"rules": [{"type": "sheet_data", "sheet_idx0": "RI0", "sheet_idx1": "EI0"}]}
    assert table.compare_table(xlsx, csv_file, **same) == 1.0
    other = tmp_path / "grades.csv"
    fixtures.write_table("grades", str(other))
    assert table.compare_table(xlsx, str(other), **same) == 0.0
    by_name = {
        "rules": [
            {"type": "sheet_data", "sheet_idx0": "RNSheet1", "sheet_idx1": "ENsales"},
            {"type": "sheet_name"},
        ]
    }
    assert table.compare_table(xlsx, csv_file, **by_name) == 0.0  # the sheet names differ
    assert table.compare_table(xlsx, xlsx, **by_name | {"rules": by_name["rules"][1:]}) == 1.0

    def cell(coordinate, method, ref):
        return {
            "rules": [
                {
                    "type": "check_cell",
                    "sheet_idx": 0,
                    "coordinate": coordinate,
                    "props": {"value": {"method": method, "ref": ref}},
                }
            ]
        }

    assert table.compare_table(xlsx, **cell("A2", "eq", "apple")) == 1.0
    assert table.compare_table(xlsx, **cell("C5", "approx:0.01", 1.249)) == 1.0
    assert table.compare_table(xlsx, **cell("C5", "approx:0.0001", 1.249)) == 0.0
    assert table.compare_table(xlsx, **cell("B4", "gt", 9)) == 1.0
    assert table.compare_table(xlsx, **cell("A3", "re.I", "^PE")) == 1.0
    assert table.compare_table(xlsx, **cell("Z99", "eq", None)) == 1.0
    assert table.compare_table(xlsx, **cell("A1", "lt", 3)) == 0.0  # str < int: no match, no crash
    with pytest.raises(Unsupported, match="value rule method 'bogus'"):
        table.compare_table(xlsx, **cell("A1", "bogus", []))
    with pytest.raises(Unsupported, match="compare_table rule 'sparkline'"):
        table.compare_table(xlsx, rules=[{"type": "sparkline", "sheet_idx0": 0, "sheet_idx1": 0}])
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a zip")
    assert table.compare_table(str(broken), **cell("A1", "eq", "Item")) == 0.0


def test_infeasible():
    assert basic.infeasible(True) == 1.0
    assert basic.infeasible(False) == 0.0
