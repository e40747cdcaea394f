"""Reads a workbook with openpyxl (an independent reader) and prints what it holds as JSON.

Usage: python3 openpyxl-dump.py BOOK.xlsx
Each cell: [value, data type, number format, bold, vertical alignment, wrap]; a date as
"date:" + ISO text. Run by test/support/openpyxl.ts.
"""
import datetime
import json
import sys

import openpyxl


def cell_json(cell):
    value = cell.value
    if isinstance(value, datetime.datetime):
        value = "date:" + value.isoformat()
    return [
        value,
        cell.data_type,
        cell.number_format,
        bool(cell.font.b),
        cell.alignment.vertical,
        bool(cell.alignment.wrap_text),
    ]


def main(path):
    book = openpyxl.load_workbook(path)
    sheets = []
    for sheet in book.worksheets:
        widths = {}
        for key, dimension in sheet.column_dimensions.items():
            # openpyxl keys a <col min max> range by its first letter.
            for index in range(dimension.min, dimension.max + 1):
                widths[openpyxl.utils.get_column_letter(index)] = dimension.width
        sheets.append(
            {
                "name": sheet.title,
                "freeze_panes": sheet.freeze_panes,
                "auto_filter": sheet.auto_filter.ref,
                "widths": widths,
                "rows": [[cell_json(cell) for cell in row] for row in sheet.iter_rows()],
            }
        )
    created = book.properties.created
    print(
        json.dumps(
            {
                "creator": book.properties.creator,
                "created": created.isoformat() if created else None,
                "sheets": sheets,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
