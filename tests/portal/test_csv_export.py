"""The one CSV writer: text that a spreadsheet would run as a formula is kept as text."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from portal.csv_export import csv_response, safe_cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Priya Shah", "Priya Shah"),
        ("O'Neil-Jones", "O'Neil-Jones"),
        ('=HYPERLINK("https://example.com","Open")', '\'=HYPERLINK("https://example.com","Open")'),
        ("+441234", "'+441234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("   =1+1", "'   =1+1"),  # a spreadsheet may trim the spaces on import
        # Typed text is text, even when it looks like a number.
        ("-3", "'-3"),
        # Numbers we computed stay numbers, so a spreadsheet can add them up.
        (-3, -3),
        (Decimal("-1.5"), Decimal("-1.5")),
        (2.5, 2.5),
        (True, "True"),
        (None, ""),
        (date(2026, 11, 30), "2026-11-30"),
    ],
)
def test_a_cell_is_written_as_text_never_as_a_formula(value, written):
    assert safe_cell(value) == written


def test_the_response_is_a_csv_download_with_every_cell_made_safe():
    response = csv_response("people.csv", ["name", "=total"], [["=1+1", -3], ["Ann", 4]])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        ["name", "'=total"],
        ["'=1+1", "-3"],
        ["Ann", "4"],
    ]
