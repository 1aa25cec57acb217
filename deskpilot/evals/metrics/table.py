"""Spreadsheets: compare_table and its rules, compare_csv, compare_conference_city_in_order.

Semantics follow OSWorld's metrics/table.py and utils.py (load_charts, load_pivot_tables,
_read_cell_style, load_rows_or_cols) in xlang-ai/OSWorld (read in the karakuri-ai/OSWorld-JP mirror;
check_cell's "merge" prop from upstream's newer utils.py); our own code on openpyxl, without pandas.
Values are the ones a spreadsheet last computed (openpyxl data_only).

Known difference: the `style` rule compares conditional formats by their definitions (ranges, type,
operator, formulas and the style props of their format) instead of evaluating each formula per cell.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

from rapidfuzz import fuzz

from deskpilot.evals.errors import Unsupported
from deskpilot.evals.metrics.rules import match_value_to_rule


# A book as plain values: {sheet name: rows}, each row a list of cell values (numbers, strings or None).
def _cell(text: str):
    """A CSV cell as a spreadsheet would read it: numbers become numbers, "" becomes empty."""
    if text == "":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _trim(rows: list[list]) -> list[list]:
    rows = [list(row) for row in rows]
    for row in rows:
        while row and row[-1] is None:
            row.pop()
    while rows and not rows[-1]:
        rows.pop()
    return rows


def load_book(path) -> dict[str, list[list]]:
    """An xlsx (stored values) or a CSV (one sheet, named after the file) as {sheet name: trimmed rows}."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with open(path, newline="", encoding="utf-8") as f:
            return {path.stem: _trim([[_cell(v) for v in row] for row in csv.reader(f)])}
    import openpyxl

    book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    try:
        return {
            ws.title: _trim([list(row) for row in ws.iter_rows(values_only=True)]) for ws in book.worksheets
        }
    finally:
        book.close()


class _Books:
    """The result and expected files, loaded lazily as values, as openpyxl workbooks, and their paths."""

    def __init__(self, result, expected):
        self.paths = {"R": result, "E": expected}
        self._values: dict = {}
        self._workbooks: dict = {}

    def values(self, side: str) -> dict | None:
        if side not in self._values:
            path = self.paths[side]
            self._values[side] = load_book(path) if path else None
        return self._values[side]

    def workbook(self, side: str):
        if side not in self._workbooks:
            import openpyxl

            path = self.paths[side]
            self._workbooks[side] = openpyxl.load_workbook(path) if path else None
        return self._workbooks[side]

    def locate(self, index) -> tuple[str, str | None]:
        """OSWorld's sheet index -> (side, sheet name): an int or "RI<n>" (result by position), "RN<name>"
        (result by name), "EI<n>"/"EN<name>" (expected)."""
        if isinstance(index, int):
            index = f"RI{index}"
        side, how, rest = index[0], index[1:2], index[2:]
        if side not in "RE" or how not in ("I", "N"):
            raise ValueError(f"bad sheet index {index!r}")
        if how == "N":
            return side, rest
        names = list(self.values(side) or {})
        position = int(rest)
        return side, names[position] if position < len(names) else None

    def rows(self, index) -> list[list] | None:
        side, name = self.locate(index)
        book = self.values(side)
        return None if book is None or name is None else book.get(name)

    def sheet(self, index):
        side, name = self.locate(index)
        book = self.workbook(side)
        return book[name] if book is not None and name in book.sheetnames else None

    def printed(self, index) -> list[str] | None:
        """The sheet as LibreOffice exported it to "<book>-<sheet>.csv" beside the book: its lines, trailing
        empty lines dropped (OSWorld's sheet_print)."""
        side, name = self.locate(index)
        path = self.paths[side]
        if not path or name is None:
            return None
        csv_path = Path(path).with_name(f"{Path(path).stem}-{name}.csv")
        try:
            lines = [line.strip() for line in csv_path.read_text(encoding="utf-8").splitlines()]
        except OSError:
            return None
        return list(reversed(list(itertools.dropwhile(lambda line: not line, reversed(lines)))))


def _rounded(rows: list[list], digits: int) -> list[list]:
    def norm(value):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return value
        return round(float(value), digits)

    return [[norm(v) for v in row] for row in rows]


def _value_at(rows: list[list], coordinate: str):
    from openpyxl.utils.cell import coordinate_to_tuple

    row, column = coordinate_to_tuple(coordinate)
    if row > len(rows) or column > len(rows[row - 1]):
        return None
    return rows[row - 1][column - 1]


def _title(title) -> str | None:
    try:
        return title.tx.rich.p[0].r[0].t
    except (AttributeError, IndexError, TypeError):
        return None


def _ref(data) -> str:
    for kind in ("numRef", "strRef"):
        ref = getattr(data, kind, None)
        if ref is not None and getattr(ref, "f", None):
            return ref.f
    return ""


def _charts(sheet, props: set[str]) -> dict:
    """{series references: {prop: value}} of a sheet's charts (props: title, legend, anchor, width,
    height, type, direction, xtitle, ytitle, ztitle)."""
    charts = {}
    for chart in getattr(sheet, "_charts", []) if sheet is not None else []:
        key = ";".join(f"{_ref(s.val)},{_ref(s.cat)}" for s in chart.series)
        info = {}
        getters = {
            "title": lambda c: _title(c.title),
            "legend": lambda c: c.legend.position if c.legend is not None else None,
            "anchor": lambda c: [c.anchor.editAs, c.anchor._from.col, c.anchor.to.row, c.anchor.to.col],
            "width": lambda c: c.width,
            "height": lambda c: c.height,
            "type": lambda c: c.tagname,
            "direction": lambda c: getattr(c, "barDir", None),
            "xtitle": lambda c: _title(c.x_axis.title),
            "ytitle": lambda c: _title(c.y_axis.title),
            "ztitle": lambda c: _title(getattr(c, "z_axis", None) and c.z_axis.title),
        }
        for prop in props:
            if prop not in getters:
                raise Unsupported(f"compare_table chart prop {prop!r}")
            try:
                info[prop] = getters[prop](chart)
            except AttributeError:
                info[prop] = None
        charts[key] = info
    return charts


def _pivots(sheet, props: set[str]) -> dict:
    """{source: {prop: value}} of a sheet's pivot tables, field indices relative to the first used field
    (props: name, show_total, show_empty_row, show_empty_col, show_headers, location, filter, selection,
    ordered, col_fields, row_fields, data_fields, data_fields_name)."""
    from openpyxl.utils.cell import coordinate_to_tuple

    pivots = {}
    for pivot in getattr(sheet, "_pivots", []) if sheet is not None else []:
        raw = [
            [(item.h, item.x) for item in field.items if item.x is not None] for field in pivot.pivotFields
        ]
        left = len(raw) - len(list(itertools.dropwhile(lambda r: not r, raw)))
        trimmed = raw[left:]
        right = len(trimmed) - len(list(itertools.dropwhile(lambda r: not r, reversed(trimmed))))
        selection = trimmed[: len(trimmed) - right]
        source = pivot.cache.cacheSource
        first, last = (coordinate_to_tuple(c) for c in source.worksheetSource.ref.split(":"))
        key = f"{source.type};{(first[0], first[1] + left)}:{(last[0], last[1] - right)};{source.worksheetSource.sheet}"
        info = {}
        simple = {
            "name": "name",
            "show_total": "visualTotals",
            "show_empty_row": "showEmptyRow",
            "show_empty_col": "showEmptyCol",
            "show_headers": "showHeaders",
            "location": "location",
        }
        for prop, attr in simple.items():
            if prop in props:
                info[prop] = getattr(pivot, attr, None)
        if "filter" in props or "selection" in props:
            info["selection"] = selection if "ordered" in props else [set(r) for r in selection]
        if "filter" in props:
            info["filter_fields"] = {f.fld for f in pivot.pageFields}
        if "col_fields" in props:
            info["col_fields"] = [f.x - left for f in pivot.colFields]
        if "row_fields" in props:
            info["row_fields"] = [f.x - left for f in pivot.rowFields]
        if "data_fields" in props:
            named = "data_fields_name" in props
            info["data_fields"] = [
                f"{f.fld - left};{f.name if named else ''};{f.subtotal};{f.showDataAs}"
                for f in pivot.dataFields
            ]
        pivots[key] = info
    return pivots


def cell_style(prop: str, cell, style=None):
    """One style property of a cell (or of a differential style, for conditional formats)."""
    from openpyxl.cell.cell import MergedCell

    source = style or cell
    has_value = style is not None or cell.value is not None
    try:
        if prop == "merge":
            return isinstance(cell, MergedCell)
        if prop == "number_format":
            if style is not None:
                return style.numFmt.formatCode if style.numFmt else None
            return cell.number_format if cell.value is not None and cell.data_type == "n" else None
        if prop.startswith("font_"):
            if not has_value or source.font is None:
                return None
            font = source.font
            return {
                "font_name": lambda: font.name,
                "font_family": lambda: font.family,
                "font_color": lambda: font.color.rgb if font.color is not None else None,
                "font_bold": lambda: font.b,
                "font_italic": lambda: font.i,
                "font_underline": lambda: font.u,
                "font_size": lambda: font.sz,
            }[prop]()
        if prop == "fill_type":
            return source.fill.tagname if source.fill is not None else None
        if prop == "bgcolor":
            return source.fill.bgColor.rgb if source.fill is not None else None
        if prop == "fgcolor":
            return source.fill.fgColor.rgb if source.fill is not None else None
        if prop == "hyperlink":
            return (cell.hyperlink.target if cell.hyperlink else "") if cell.value is not None else None
    except (AttributeError, KeyError):
        return None
    raise Unsupported(f"compare_table style {prop!r}")


def _styles(sheet, props: list[str]) -> dict:
    if sheet is None:
        return {}
    styles = {c.coordinate: [cell_style(p, c) for p in props] for col in sheet.iter_cols() for c in col}
    for formats in sheet.conditional_formatting:
        for rule in formats.rules:
            key = f"cf:{formats.sqref}:{rule.type}:{rule.operator}:{list(rule.formula or [])}"
            styles[key] = [cell_style(p, sheet["A1"], rule.dxf) if rule.dxf else None for p in props]
    return styles


def _dimensions(sheet, kind: str, props: list[str]) -> dict:
    if sheet is None:
        return {}
    holder = sheet.row_dimensions if kind == "row" else sheet.column_dimensions
    return {key: {p: getattr(dim, p, None) for p in props} for key, dim in holder.items()}


def _fuzzy_cell(check: dict, a: str, b: str) -> bool:
    kind = check["type"]
    if kind == "includes":
        return b in a
    if kind == "included_by":
        return a in b
    if kind == "fuzzy_match":
        return fuzz.ratio(a, b) >= check.get("threshold", 85.0)
    if kind == "exact_match":
        return a == b
    raise Unsupported(f"compare_table sheet_fuzzy type {kind!r}")


def _fuzzy(books: _Books, rule: dict) -> bool:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import MultiCellRange

    first, second = books.rows(rule["sheet_idx0"]), books.rows(rule["sheet_idx1"])
    if first is None or second is None:
        return False
    for check in rule["rules"]:
        for cell_range in MultiCellRange(" ".join(check["range"])):
            for row, column in cell_range.cells:
                coordinate = f"{get_column_letter(column)}{row}"
                a, b = (str(_value_at(rows, coordinate)) for rows in (first, second))
                for old, new in check.get("normalization", []):
                    a, b = a.replace(old, new), b.replace(old, new)
                if "trim_leadings" in check:
                    a, b = a.lstrip(check["trim_leadings"]), b.lstrip(check["trim_leadings"])
                if "trim_trailings" in check:
                    a, b = a.rstrip(check["trim_trailings"]), b.rstrip(check["trim_trailings"])
                if "ignore_chars" in check:
                    drop = set(check["ignore_chars"])
                    a, b = "".join(c for c in a if c not in drop), "".join(c for c in b if c not in drop)
                if check.get("ignore_case"):
                    a, b = a.lower(), b.lower()
                if not _fuzzy_cell(check, a, b):
                    return False
    return True


def _data_validation(books: _Books, rule: dict) -> bool:
    sheet = books.sheet(rule["sheet_idx"])
    if sheet is None:
        return False
    validators = sheet.data_validations.dataValidation
    if len(validators) < len(rule["dv_props"]):
        return False
    return all(
        any(
            all(match_value_to_rule(getattr(v, attr), r) for attr, r in props.items())
            for props in rule["dv_props"]
        )
        for v in validators
    )


def _check_cell(books: _Books, rule: dict) -> bool:
    rows, sheet = books.rows(rule["sheet_idx"]), books.sheet(rule["sheet_idx"])
    if rows is None or sheet is None:
        return False
    for prop, value_rule in rule["props"].items():
        if prop == "value":
            value = _value_at(rows, rule["coordinate"])
            value = float(value) if isinstance(value, int) and not isinstance(value, bool) else value
        else:
            value = cell_style(prop, sheet[rule["coordinate"]])
        if not match_value_to_rule(value, value_rule):
            return False
    return True


def _rule_passes(books: _Books, rule: dict) -> bool:
    kind = rule["type"]
    if kind == "sheet_name":
        return books.values("E") is not None and list(books.values("R")) == list(books.values("E"))
    if kind == "sheet_data":
        digits = rule.get("precision", 4)
        first, second = books.rows(rule["sheet_idx0"]), books.rows(rule["sheet_idx1"])
        return (
            first is not None and second is not None and _rounded(first, digits) == _rounded(second, digits)
        )
    if kind == "sheet_print":
        first, second = books.printed(rule["sheet_idx0"]), books.printed(rule["sheet_idx1"])
        if first is None or second is None:
            return False
        if rule.get("ignore_case"):
            first, second = [s.lower() for s in first], [s.lower() for s in second]
        return first == second
    if kind == "sheet_fuzzy":
        return _fuzzy(books, rule)
    if kind == "check_cell":
        return _check_cell(books, rule)
    if kind == "data_validation":
        return _data_validation(books, rule)
    if kind == "zoom":
        sheet = books.sheet(rule["sheet_idx"])
        return sheet is not None and match_value_to_rule(sheet.sheet_view.zoomScale or 100.0, rule)
    pair = (books.sheet(rule["sheet_idx0"]), books.sheet(rule["sheet_idx1"]))
    if kind == "freeze":
        return pair[0] is not None and pair[1] is not None and pair[0].freeze_panes == pair[1].freeze_panes
    if kind == "chart":
        props = set(rule.get("chart_props", []))
        return _charts(pair[0], props) == _charts(pair[1], props)
    if kind == "pivot_table":
        props = set(rule.get("pivot_props", []))
        return _pivots(pair[0], props) == _pivots(pair[1], props)
    if kind == "style":
        return _styles(pair[0], rule.get("props", [])) == _styles(pair[1], rule.get("props", []))
    if kind in ("row_props", "col_props"):
        which = "row" if kind == "row_props" else "column"
        return _dimensions(pair[0], which, rule.get("props", [])) == _dimensions(
            pair[1], which, rule.get("props", [])
        )
    raise Unsupported(f"compare_table rule {kind!r}")


def compare_table(result, expected=None, **options) -> float:
    """Spreadsheet checks, rule by rule (`rules`, all must pass): sheet_name, sheet_data (values rounded to
    `precision` digits), sheet_print (the exported CSVs), sheet_fuzzy, check_cell (value and style props,
    merge), chart, pivot_table, style, freeze, zoom, data_validation, row_props, col_props. With `multi`
    getters result/expected are lists whose first item is the book."""
    result = result[0] if isinstance(result, list) else result
    expected = expected[0] if isinstance(expected, list) else expected
    if result is None:
        return 0.0
    books = _Books(result, expected)
    try:
        books.values("R")
    except Exception:  # a file the agent broke or saved in another format
        return 0.0
    for rule in options["rules"]:
        if not _rule_passes(books, rule):
            return 0.0
    return 1.0


def compare_csv(result, expected, **options) -> float:
    """Line-by-line equality; strict=False strips each line, ignore_case folds case."""
    if not result:
        return 0.0
    try:
        lines = [Path(p).read_text(encoding="utf-8").splitlines() for p in (result, expected)]
    except OSError:
        return 0.0
    if not options.get("strict", True):
        lines = [[line.strip() for line in ls] for ls in lines]
    if options.get("ignore_case"):
        lines = [[line.lower() for line in ls] for ls in lines]
    return float(lines[0] == lines[1])


def compare_conference_city_in_order(result, rules: dict) -> float:
    """Cells C2:C22 of the active sheet hold, in order, the expected city (or one of a list of them)."""
    import openpyxl

    if not result:
        return 0.0
    try:
        sheet = openpyxl.load_workbook(result, data_only=True).active
    except Exception:
        return 0.0
    cities = [row[0].value for row in sheet["C2:C22"]]
    expected = rules["expected"]
    for index, city in enumerate(cities):
        if index >= len(expected) or city is None:
            return 0.0
        options = [expected[index]] if isinstance(expected[index], str) else expected[index]
        if not any(option in str(city) for option in options):
            return 0.0
    return 1.0


METRICS = {f.__name__: f for f in (compare_table, compare_csv, compare_conference_city_in_order)}
