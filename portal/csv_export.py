"""Every CSV file the portal offers is written here, so that nothing a person typed becomes a
live formula in the spreadsheet that opens it (CSV or formula injection).

A text cell that starts with a character a spreadsheet reads as the start of a formula (after
any spaces, which a spreadsheet may trim on import) gets a leading apostrophe, which shows the
text as it was typed. Numbers are written as numbers, minus sign and all: they come from our
own sums, never from what someone typed, and a coordinator can still add them up.

(Named so that it does not hide the standard library's `csv` module.)
"""

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

# "=", "+", "-" and "@" start a formula; a tab, carriage return, line feed or NUL in front of
# one can make a spreadsheet skip to it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should show it, never as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Iterable[Any]]
) -> HttpResponse:
    """A CSV download: the header, then each row, every cell made safe for spreadsheets."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return response
