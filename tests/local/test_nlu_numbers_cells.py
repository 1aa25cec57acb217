"""Arithmetic said in everyday words and cells named loosely (own sentences, none from a paraphrase set)."""

import pytest

from deskpilot.local.nlu import understand
from deskpilot.local.nlu.mathwords import to_expression
from deskpilot.local.plans.calculator import evaluate
from deskpilot.local.plans.spreadsheet import label_row


def _computed(instruction: str) -> float:
    parsed = understand(instruction, "calculator")
    assert not parsed.question, parsed.question
    steps = [c for c in parsed.commands if c.kind == "compute"]
    assert len(steps) == 1 and not steps[0].op, parsed.commands
    return evaluate(steps[0].text)


@pytest.mark.parametrize(
    "instruction,value",
    [
        ("what's nine pounds forty times two", 18.8),
        ("three euros and 5 cents plus one", 4.05),
        ("sixty cents times 5", 3.0),
        ("what is 4 grand divided by 16", 250),
        ("one sixth of 42", 7),
        ("what is two fifths of 35", 14),
        ("a 12th of 96", 8),
        ("mean these: 6, 9, 21", 12),
        ("average 2, 4 and 9", 5),
        ("what's 20 percent more than 45", 54),
        ("what is 30% less than 70", 49),
        ("whats 200 - 15%", 170),
        ("49 to the power of a half", 7),
        ("what's a fifth of a hundred", 20),
        ("Jo had 14 stickers and then got 9 more, how many does she have now", 23),
        ("diesel is 1.80 a litre, what do 30 litres cost", 54),
        ("if 4 candles cost 10 how much is one candle", 2.5),
        ("pears are 0.35 each, what would 20 pears cost", 7),
        ("Sam answered 27 of 30 questions right, what percentage is that", 90),
        ("tally up 2.10, 3.40 and 5", 10.5),
        ("seconds in an hour?", 3600),
        ("how many days are in 2 years", 730),
        ("a lamp is 40 with 25% tax, I only want the tax", 10),
        ("the walk took 1 hour and 15 minutes, how many minutes in total", 75),
        ("we cycled 36 km on 3 hours, how many km per hour", 12),
        ("the readout should show 9 times 4 times 2", 72),
    ],
)
def test_everyday_amounts_fractions_and_percentages(instruction, value):
    assert abs(_computed(instruction) - value) < 1e-9


def test_money_in_one_unit_stays_one_number():
    assert to_expression("5 dollars times 3") == "5*3"
    assert to_expression("7 pounds 3 times") == ""  # no two-digit part: never joined into 7.03


@pytest.mark.parametrize(
    "instruction,ref,value",
    [
        ("type 12 in column D row 3", "D3", "12"),
        ("row 7, column b should read Closed", "B7", "Closed"),
        ("put 4.5 in the third column of row 2", "C2", "4.5"),
        ("the first row of column E should say Notes", "E1", "Notes"),
    ],
)
def test_a_cell_named_by_column_and_row(instruction, ref, value):
    cells = [c for c in understand(instruction, "spreadsheet").commands if c.kind == "cell"]
    assert [(c.target, c.text) for c in cells] == [(ref, value)]


def test_column_and_row_apart_stay_apart():
    got = [c for c in understand("sort column B", "spreadsheet").commands if c.kind == "sheet"]
    assert got and got[0].op == "sort"


@pytest.mark.parametrize(
    "instruction,ref,formula",
    [
        ("put a formula in E4 that multiplies C4 by D4", "E4", "=(C4*D4)"),
        ("in B9 write a formula which adds B7 and B8", "B9", "=(B7+B8)"),
        ("add a formula to D6 that subtracts C6 from B6", "D6", "=(B6-C6)"),
    ],
)
def test_a_formula_said_by_what_it_does(instruction, ref, formula):
    cells = [c for c in understand(instruction, "spreadsheet").commands if c.kind == "cell"]
    assert [(c.target, c.text) for c in cells] == [(ref, formula)]


@pytest.mark.parametrize(
    "instruction,args",
    [
        ("add a totals row at the end", ("Total", "SUM")),
        ("insert an Average row for the marks", ("Average", "AVERAGE", "marks")),
        ("we need a total row underneath", ("Total", "SUM")),
    ],
)
def test_a_row_named_by_its_function(instruction, args):
    got = [c for c in understand(instruction, "spreadsheet").commands if c.kind == "sheet"]
    assert [(c.op, c.args) for c in got] == [("label_row", args)]


def test_a_total_row_sums_every_column_of_numbers():
    rows = [["Name", "Mon", "Tue", "Town"], ["Ann", "2", "3", "Oslo"], ["Bo", "5", "1", "Rome"]]
    assert label_row(rows, "Total", "SUM") == [("A4", "Total"), ("B4", "=SUM(B2:B3)"), ("C4", "=SUM(C2:C3)")]


@pytest.mark.parametrize(
    "instruction,want",
    [
        ("C3 should read 'Mon' not 'Tue'", [("cell", "", "C3", "Mon")]),
        ("column B header should say Weight", [("cell", "", "B1", "Weight")]),
        ("G1 needs the heading Status", [("cell", "", "G1", "Status")]),
        ("give column E the heading Region", [("cell", "", "E1", "Region")]),
        (
            "oops there's a typo, Tomatoe should be Tomato",
            [("sheet", "replace_value", "", ("Tomatoe", "Tomato"))],
        ),
    ],
)
def test_headers_corrections_and_typos_said_loosely(instruction, want):
    got = [c for c in understand(instruction, "spreadsheet").commands if c.kind in ("cell", "sheet")]
    assert [(c.kind, c.op, c.target, c.text if c.kind == "cell" else c.args) for c in got] == want


@pytest.mark.parametrize(
    "instruction,args",
    [
        ("Ivy's mark should be 55 after the appeal", ("Ivy", "mark", "55", "set")),
        ("Gas should be 120 now, we switched supplier", ("Gas", "Gas", "120", "set")),
    ],
)
def test_a_reason_beside_a_change_is_no_step(instruction, args):
    got = [c for c in understand(instruction, "spreadsheet").commands if c.kind == "sheet"]
    assert [(c.op, c.args) for c in got] == [("set_by_name", args)]


def test_arithmetic_in_header_words_reads_the_columns():
    from deskpilot.local.plans.spreadsheet import header_formula

    got = [c for c in understand("fill E2:E3 with width times height for every box", "spreadsheet").commands
           if c.kind == "sheet"]  # fmt: skip
    assert [(c.op, c.args[0]) for c in got] == [("header_formula", "E2:E3")]
    rows = [["Box", "Width", "Height"], ["a", "2", "3"], ["b", "4", "5"]]
    assert header_formula(rows, *got[0].args) == [("E2", "=B2*C2"), ("E3", "=B3*C3")]
    rows = [["Net", "50"], ["Rate", "0.1"], ["Fee"]]
    assert header_formula(rows, "B3", "net times rate") == [("B3", "=B1*B2")]


@pytest.mark.parametrize(
    "instruction,args",
    [
        ("add up the weights and put it in the cell under the last weight", ("SUM", "weight")),
        ("average of the column with the marks, right below it", ("AVERAGE", "marks")),
        ("the total of the fees at the bottom", ("SUM", "fees")),
    ],
)
def test_a_column_function_put_below_its_values(instruction, args):
    got = [c for c in understand(instruction, "spreadsheet").commands if c.kind == "sheet"]
    assert [(c.op, c.target, c.args) for c in got] == [("column_formula", "+", args)]


def test_bare_functions_values_beside_and_summed_counts():
    got = understand("put Total in A9 and the sum in B9", "spreadsheet").commands
    assert [(c.kind, c.op, c.target) for c in got if c.kind in ("cell", "sheet")] == [
        ("cell", "", "A9"),
        ("sheet", "column_formula", "B9"),
    ]
    got = understand("type Oslo in A4 with 12 degrees next to it", "spreadsheet").commands
    assert [(c.target, c.text) for c in got if c.kind == "cell"] == [("A4", "Oslo"), ("B4", "12")]
    got = understand("I'd like 6 times 9 in cell C3 of this blank sheet", "spreadsheet").commands
    assert [(c.target, c.text) for c in got if c.kind == "cell"] == [("C3", "=6*9")]


def test_a_formula_in_parentheses_with_a_plus_sign_is_part_of_the_request():
    got = understand("show the points for each side in E2 to E4 (goals + assists)", "spreadsheet").commands
    sheet = [c for c in got if c.kind == "sheet"]
    assert sheet and sheet[0].op == "header_formula" and "goals + assists" in sheet[0].args[1]


@pytest.mark.parametrize(
    "instruction, change",
    [
        ("round the prices to whole numbers", ("@prices", "round", "0")),
        ("round every price to 2 decimal places", ("@price", "round", "2")),
        ("halve the prices", ("@prices", "halve", "")),
        ("add 10% to the prices", ("@prices", "times", "1.1")),
    ],
)
def test_every_value_of_a_column_said_as_the_plural_changes(instruction, change):
    """ "halve the prices", "round the prices": a plural with "the" is each of them (they asked which cells to
    make bold, or what to replace)."""
    commands = understand(instruction, "spreadsheet").commands
    assert [(c.op, c.args) for c in commands if c.kind == "sheet"] == [("map", change)]
