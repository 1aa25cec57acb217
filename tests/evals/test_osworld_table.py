"""compare_table's rules, compare_csv and compare_conference_city_in_order on workbooks the tests write."""

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from deskpilot.evals.errors import Unsupported
from deskpilot.evals.metrics import table


def book(
    path, rows, chart=None, freeze=None, zoom=None, fill=None, merge=None, hidden_row=None, validation=None
):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in rows:
        ws.append(row)
    if chart:
        bar = BarChart()
        bar.type = chart
        bar.add_data(Reference(ws, min_col=2, min_row=1, max_row=len(rows)), titles_from_data=True)
        ws.add_chart(bar, "E2")
    if freeze:
        ws.freeze_panes = freeze
    if zoom:
        ws.sheet_view.zoomScale = zoom
    if fill:
        ws["A1"].fill = PatternFill("solid", fgColor=fill, bgColor=fill)
        ws["A1"].font = Font(bold=True, color=fill)
    if merge:
        ws.merge_cells(merge)
    if hidden_row:
        ws.row_dimensions[hidden_row].hidden = True
    if validation:
        dv = DataValidation(type="list", formula1='"Pass,Fail,Held"')
        dv.add(validation)
        ws.add_data_validation(dv)
    wb.save(path)
    return str(path)


ROWS = [["Item", "Qty"], ["apple", 3], ["pear", 5]]


def test_sheet_data_and_names(tmp_path):
    a, b = book(tmp_path / "a.xlsx", ROWS), book(tmp_path / "b.xlsx", ROWS)
    c = book(tmp_path / "c.xlsx", [["Item", "Qty"], ["apple", 4]])
    rule = {"rules": [{"type": "sheet_data", "sheet_idx0": 0, "sheet_idx1": "EI0"}, {"type": "sheet_name"}]}
    assert table.compare_table(a, b, **rule) == 1.0
    assert table.compare_table(c, b, **rule) == 0.0
    assert table.compare_table(None, b, **rule) == 0.0


def test_sheet_print_reads_the_exported_csvs(tmp_path):
    a, b = book(tmp_path / "a.xlsx", ROWS), book(tmp_path / "b_gold.xlsx", ROWS)
    (tmp_path / "a-Sheet1.csv").write_text("Item,Qty\napple,3\n\n")
    (tmp_path / "b_gold-Sheet1.csv").write_text("Item,Qty\napple,3\n")
    rule = {"rules": [{"type": "sheet_print", "sheet_idx0": 0, "sheet_idx1": "EI0"}]}
    assert table.compare_table([a, str(tmp_path / "a-Sheet1.csv")], b, **rule) == 1.0
    (tmp_path / "a-Sheet1.csv").write_text("Item,Qty\napple,4\n")
    assert table.compare_table(a, b, **rule) == 0.0


def test_sheet_fuzzy(tmp_path):
    a = book(tmp_path / "a.xlsx", [["Main Rd", " 12 "], ["x", "y"]])
    b = book(tmp_path / "b.xlsx", [["main road", "12"], ["x", "y"]])
    ok = {
        "type": "sheet_fuzzy",
        "sheet_idx0": "RNSheet1",
        "sheet_idx1": "ENSheet1",
        "rules": [
            {
                "range": ["A1:A1"],
                "type": "exact_match",
                "normalization": [["Rd", "Road"]],
                "ignore_case": True,
            },
            {"range": ["B1:B1"], "type": "exact_match", "trim_leadings": " ", "trim_trailings": " "},
            {"range": ["A2:B2"], "type": "fuzzy_match", "threshold": 90},
        ],
    }
    assert table.compare_table(a, b, rules=[ok]) == 1.0
    strict = {**ok, "rules": [{"range": ["A1:A1"], "type": "exact_match"}]}
    assert table.compare_table(a, b, rules=[strict]) == 0.0
    with pytest.raises(Unsupported, match="sheet_fuzzy type 'sounds_like'"):
        table.compare_table(a, b, rules=[{**ok, "rules": [{"range": ["A1:A1"], "type": "sounds_like"}]}])


def test_chart_freeze_zoom_style_rows(tmp_path):
    bar = book(tmp_path / "bar.xlsx", ROWS, chart="bar")
    col = book(tmp_path / "col.xlsx", ROWS, chart="col")
    plain = book(tmp_path / "plain.xlsx", ROWS)
    chart = {
        "rules": [
            {"type": "chart", "sheet_idx0": 0, "sheet_idx1": "EI0", "chart_props": ["type", "direction"]}
        ]
    }
    assert table.compare_table(bar, book(tmp_path / "bar2.xlsx", ROWS, chart="bar"), **chart) == 1.0
    assert table.compare_table(bar, col, **chart) == 0.0
    assert table.compare_table(plain, bar, **chart) == 0.0
    freeze = {"rules": [{"type": "freeze", "sheet_idx0": 0, "sheet_idx1": "EI0"}]}
    assert (
        table.compare_table(
            book(tmp_path / "f.xlsx", ROWS, freeze="A2"),
            book(tmp_path / "g.xlsx", ROWS, freeze="A2"),
            **freeze,
        )
        == 1.0
    )
    assert table.compare_table(plain, book(tmp_path / "h.xlsx", ROWS, freeze="A2"), **freeze) == 0.0
    zoom = {"rules": [{"type": "zoom", "sheet_idx": 0, "method": "lt", "ref": 260}]}
    assert table.compare_table(book(tmp_path / "z.xlsx", ROWS, zoom=200), **zoom) == 1.0
    assert table.compare_table(book(tmp_path / "z2.xlsx", ROWS, zoom=300), **zoom) == 0.0
    style = {
        "rules": [{"type": "style", "sheet_idx0": 0, "sheet_idx1": "EI0", "props": ["bgcolor", "font_color"]}]
    }
    red = book(tmp_path / "red.xlsx", ROWS, fill="FFFF0000")
    assert table.compare_table(red, book(tmp_path / "red2.xlsx", ROWS, fill="FFFF0000"), **style) == 1.0
    assert table.compare_table(plain, red, **style) == 0.0
    rows = {"rules": [{"type": "row_props", "sheet_idx0": 0, "sheet_idx1": "EI0", "props": ["hidden"]}]}
    hidden = book(tmp_path / "hid.xlsx", ROWS, hidden_row=2)
    assert table.compare_table(hidden, book(tmp_path / "hid2.xlsx", ROWS, hidden_row=2), **rows) == 1.0
    assert table.compare_table(plain, hidden, **rows) == 0.0


def test_check_cell_styles_merge_and_validation(tmp_path):
    red = book(tmp_path / "red.xlsx", ROWS, fill="FFFF0000", merge="A3:B3")
    props = {"font_bold": {"method": "eq", "ref": True}, "font_color": {"method": "eq", "ref": "FFFF0000"}}
    cell = {"type": "check_cell", "sheet_idx": 0, "coordinate": "A1", "props": props}
    assert table.compare_table(red, rules=[cell]) == 1.0
    assert table.compare_table(book(tmp_path / "p.xlsx", ROWS), rules=[cell]) == 0.0
    merged = {
        "type": "check_cell",
        "sheet_idx": 0,
        "coordinate": "B3",
        "props": {"merge": {"method": "eq", "ref": True}},
    }
    assert table.compare_table(red, rules=[merged]) == 1.0
    assert table.compare_table(book(tmp_path / "q.xlsx", ROWS), rules=[merged]) == 0.0
    validation = {
        "type": "data_validation",
        "sheet_idx": 0,
        "dv_props": [
            {
                "ranges": {"method": "spreadsheet_range", "ref": ["D2:D29", "D1:D1048576"]},
                "type": {"method": "eq", "ref": "list"},
                "formula1": {"method": "str_set_eq", "ref": ["Pass", "Fail", "Held"]},
            }
        ],
    }
    assert (
        table.compare_table(book(tmp_path / "v.xlsx", ROWS, validation="D2:D40"), rules=[validation]) == 1.0
    )
    assert (
        table.compare_table(book(tmp_path / "w.xlsx", ROWS, validation="E2:E40"), rules=[validation]) == 0.0
    )
    assert table.compare_table(book(tmp_path / "x.xlsx", ROWS), rules=[validation]) == 0.0


def test_pivot_tables_compare_equal_when_absent_on_both(tmp_path):
    rule = {
        "type": "pivot_table",
        "sheet_idx0": 0,
        "sheet_idx1": "EI0",
        "pivot_props": ["col_fields", "filter"],
    }
    a, b = book(tmp_path / "a.xlsx", ROWS), book(tmp_path / "b.xlsx", ROWS)
    assert table.compare_table(a, b, rules=[rule]) == 1.0  # openpyxl keeps pivots it read; none here


def test_compare_csv_and_cities(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("x, 1\nY,2\n")
    b.write_text("x, 1\ny,2\n")
    assert table.compare_csv(str(a), str(b)) == 0.0
    assert table.compare_csv(str(a), str(b), ignore_case=True) == 1.0
    assert table.compare_csv(None, str(b)) == 0.0
    cities = [["Conf", "Year", "City"]] + [["c", 2020, "Paris, France"]] * 21
    path = book(tmp_path / "cities.xlsx", cities)
    assert table.compare_conference_city_in_order(path, {"expected": [["Paris", "Lyon"]] * 21}) == 1.0
    assert table.compare_conference_city_in_order(path, {"expected": ["Berlin"] * 21}) == 0.0
