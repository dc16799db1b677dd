"""CSV files are read as they are written by people: delimiters, blank lines, bad rows;
refused records are matched back to their lines."""

from __future__ import annotations

import pytest

from console import importing
from console.importing import Refusal, Row


def test_a_semicolon_file_with_a_bom_is_read() -> None:
    text, delimiter, header = importing.decode("\ufeffID;Phone\n1;4155550101\n".encode())

    assert (delimiter, header) == (";", ["ID", "Phone"])
    assert list(importing.rows(text, delimiter)) == [Row(2, ["1", "4155550101"])]


def test_a_file_that_is_not_utf8_is_refused_in_plain_words() -> None:
    with pytest.raises(importing.BadFile, match="not UTF-8"):
        importing.decode("ID,Name\n1,Zoë\n".encode("latin-1"))


def test_blank_lines_are_counted_not_sent() -> None:
    rows = list(importing.rows("ID,Phone\n1,2\n\n3,4\n", ","))

    assert rows == [Row(2, ["1", "2"]), None, Row(4, ["3", "4"])]


def test_a_row_of_the_wrong_width_is_refused_before_sending() -> None:
    made = importing.record(
        Row(7, ["1", "2", "3"]), ["ID", "Phone"], {"ID": "ID", "Phone": "Phone"}
    )

    assert isinstance(made, Refusal)
    assert (made.line, made.kind) == (7, "malformedRow")
    assert "3 values; the header has 2 columns" in made.reason


def test_columns_go_to_their_mapped_fields_and_unmapped_ones_are_left_out() -> None:
    made = importing.record(
        Row(2, [" 1 ", "x", "415"]), ["Id", "Note", "Tel"], {"Id": "ID", "Tel": "Phone"}
    )

    assert made == {"ID": "1", "Phone": "415"}


def test_refused_records_are_matched_to_their_lines_once_each() -> None:
    sent = [(2, {"ID": "1"}), (3, {"ID": "1"}), (4, {"ID": ""}), (5, {"ID": "9"})]
    errors = {
        "duplicateKey": [{"ID": "1"}],
        "missingKey": [{"ID": ""}],
        "formatError": [{"ID": "?"}],
    }

    found = importing.match(sent, errors)

    assert [(r.line, r.kind) for r in found] == [
        (3, "duplicateKey"),
        (4, "missingKey"),
        (None, "formatError"),
    ]
    assert found[1].reason == "A key field is empty. Empty here: ID."
