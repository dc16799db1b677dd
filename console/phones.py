"""Phone numbers as the tenant takes them, checked before they are sent.

docs/upstream/list-management-api-v3.md, "Lists" (the notes on importing and updating
records): whitespace is trimmed, a leading "+" is removed and so are other non-numeric
characters; a US and Canada number must then be "011…", eleven digits beginning with
1, or ten digits not beginning with 1 (which get the 1). The tenant would turn
"not-a-number" into nothing and "555-CALL-NOW" into 555, so the console refuses
letters and other symbols rather than strip them: only the separators people write
(spaces, dashes, dots, brackets) are removed.
"""

from __future__ import annotations

import re

SEPARATORS = re.compile(r"[\s().-]")
MOST_DIGITS = 20  # the longest international number with an exit code has 18
ALLOWED = (
    "a phone number has only digits, with a leading + and spaces, dashes, dots or "
    "brackets if you like, such as +1 (650) 555-1234"
)


class NotAPhone(ValueError):
    """A value that is not a phone number; the message says why, in plain words."""


def phone_digits(text: str, us_canada: bool = False) -> str:
    """Return `text` as the digits the tenant stores; raise NotAPhone saying why it is
    not a phone number."""
    value = text.strip()
    digits = SEPARATORS.sub("", value.removeprefix("+"))
    odd = [c for c in digits if not (c.isascii() and c.isdigit())]
    if odd:
        what = "letters" if any(c.isalpha() for c in odd) else f"“{odd[0]}”"
        raise NotAPhone(f"it has {what}; {ALLOWED}")
    if not digits:
        raise NotAPhone(f"it has no digits; {ALLOWED}")
    if len(digits) > MOST_DIGITS:
        raise NotAPhone(f"{len(digits)} digits is too long for a phone number")
    return _us_canada(digits) if us_canada else digits


def _us_canada(digits: str) -> str:
    if digits.startswith("011") or (len(digits) == 11 and digits.startswith("1")):
        return digits
    if len(digits) == 10 and not digits.startswith("1"):
        return "1" + digits
    raise NotAPhone(
        "a US or Canada number has ten digits not beginning with 1, eleven beginning "
        "with 1, or begins with 011"
    )
