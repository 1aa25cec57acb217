"""Prints a workbook's first sheet as CSV from A1: `python -m deskpilot.local.plans.sheetcsv BOOK`.

The spreadsheet plans read values through the bash tool with it. ssconvert alone drops empty leading rows and
columns, so other formats go through ssconvert to xlsx first and openpyxl reads that. A module, not
`python -c CODE`: the policy asks before running code given on the command line."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile

import openpyxl


def main(book: str) -> None:
    path = os.path.expanduser(book)
    if not path.lower().endswith(".xlsx"):
        converted = tempfile.mkdtemp() + "/book.xlsx"
        subprocess.run(["ssconvert", path, converted], capture_output=True)
        path = converted
    sheet = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    out = csv.writer(sys.stdout)
    for row in sheet.iter_rows(
        min_row=1, min_col=1, max_row=sheet.max_row, max_col=sheet.max_column, values_only=True
    ):
        out.writerow(
            ["" if v is None else int(v) if isinstance(v, float) and v.is_integer() else v for v in row]
        )


if __name__ == "__main__":
    main(sys.argv[1])
