"""The statistics' tables as files (issue 18.3): CSV for any program, XLSX for Excel (XlsxWriter).

CSV: UTF-8 with a byte-order mark, so that Excel reads å, ä and ö; in Swedish with semicolons between cells and
a decimal comma, as Swedish Excel expects, in English with commas and a decimal point. A text cell that begins
with = + - @ (or a tab or carriage return) is prefixed with an apostrophe, so that a spreadsheet never runs it as
a formula (OWASP's advice on CSV injection): names of units and categories are typed by people. XLSX: every text
is written as a string, never read as a formula or a link; shares and changes are numbers formatted as
percentages.
"""

import csv
import io

from django.http import HttpResponse

from quality.tables import Column, Kind, Table, Value

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(text: str) -> str:
    """A text cell that a spreadsheet cannot take for a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def heading(column: Column) -> str:
    """A column's name in a file: shares and changes in per cent, since the cells are bare numbers there."""
    return f"{column.label} (%)" if column.kind in (Kind.SHARE, Kind.CHANGE) else column.label


def csv_cell(value: Value, kind: Kind, *, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if kind == Kind.TEXT:
        return safe_text(str(value))
    if kind == Kind.COUNT:
        return str(int(value))  # type: ignore[arg-type]
    number = float(value)  # type: ignore[arg-type]
    if kind in (Kind.SHARE, Kind.CHANGE):
        number *= 100
    text = f"{number:.1f}"
    return text.replace(".", ",") if decimal_comma else text


def table_csv(table: Table, *, swedish: bool) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";" if swedish else ",", lineterminator="\r\n")
    writer.writerow([safe_text(heading(column)) for column in table.columns])
    for row in table.rows:
        writer.writerow(
            [
                csv_cell(value, column.kind, decimal_comma=swedish)
                for value, column in zip(row, table.columns, strict=True)
            ]
        )
    return buffer.getvalue().encode("utf-8")


def table_xlsx(table: Table, *, sheet_name: str) -> bytes:
    # Imported here, not at the top: an export is rare, and XlsxWriter would otherwise sit in every worker's
    # memory (the bench's peak memory per worker, issue 16).
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    # A sheet's name may not hold []:*?/\ and has at most 31 characters.
    sheet = workbook.add_worksheet("".join(c for c in sheet_name if c not in "[]:*?/\\")[:31] or "Data")
    bold = workbook.add_format({"bold": True})
    formats = {
        Kind.SHARE: workbook.add_format({"num_format": "0.0%"}),
        Kind.CHANGE: workbook.add_format({"num_format": "+0.0%;-0.0%;0.0%"}),
        Kind.DECIMAL: workbook.add_format({"num_format": "0.0"}),
        Kind.COUNT: workbook.add_format({"num_format": "0"}),
    }
    for col, column in enumerate(table.columns):
        sheet.write_string(0, col, heading(column), bold)
        sheet.set_column(col, col, max(12, min(len(heading(column)) + 2, 40)))
    for line, row in enumerate(table.rows, start=1):
        for col, (value, column) in enumerate(zip(row, table.columns, strict=True)):
            if value is None:
                sheet.write_blank(line, col, None)
            elif column.kind == Kind.TEXT:
                sheet.write_string(line, col, str(value))
            else:
                sheet.write_number(line, col, float(value), formats[column.kind])  # type: ignore[arg-type]
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def file_response(content: bytes, *, filename: str, file_format: str) -> HttpResponse:
    content_type = "text/csv; charset=utf-8" if file_format == "csv" else XLSX_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response
