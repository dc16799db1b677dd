"""CSV exports are safe to open in a spreadsheet: text that would run as a formula is
written as text, while numbers and phone numbers stay as they are."""

from __future__ import annotations

import pytest

from wallboard.spreadsheet import cell, line


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (
            '=HYPERLINK("http://evil.example","Click")',
            '\'=HYPERLINK("http://evil.example","Click")',
        ),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+SUM(A1)", "'-2+SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("+1 (415) 555-0101", "+1 (415) 555-0101"),  # a phone number comes back as it went
        ("-5", "-5"),
        ("Ann-Marie", "Ann-Marie"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_a_cell_that_would_be_a_formula_is_written_as_text(value: object, written: object) -> None:
    assert cell(value) == written


def test_a_line_is_csv_with_its_cells_made_safe() -> None:
    assert line(["=1+1", "a,b", 3]) == '\'=1+1,"a,b",3\r\n'
