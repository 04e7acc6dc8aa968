"""Reading the dates authors write in other forms, to suggest the `YYYY-MM-DD` one.

Only a reading that is certain is suggested: a wrong date copied from a hint is worse than no
hint. `11/03/2026` is the 3rd of November in one country and the 11th of March in another, so
both readings are named; `13/03/2026` can only be the 13th of March. A two-digit year could be
read as a day or month too, so a date with one is never completed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_PLAUSIBLE_YEARS = range(1900, 2100)
"""The years a document's date falls in: what tells `20260311` (a date) from `11032026`."""

_ISO_SHAPE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
"""`YYYY-MM-DD` in form, whether or not it is a real day."""
_YEAR_FIRST_RE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_YEAR_LAST_RE = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_SHORT_YEAR_RE = re.compile(r"\d{1,2}([-/.])\d{1,2}\1\d{2}")
_DIGITS_RE = re.compile(r"\d{8}")
_ISO_WITH_TIME_RE = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{2,5}))?"
)
"""A date with a time of day (`2026-03-11T09:30Z`, `2026-03-11 09:30 UTC`): its date is ISO."""
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH_WORD = r"([^\W\d_]{3,9})\.?"
_MONTH_FIRST_RE = re.compile(rf"{_MONTH_WORD}[\s-]+{_ORDINAL},?[\s-]+(\d{{4}})", re.IGNORECASE)
_DAY_FIRST_RE = re.compile(rf"{_ORDINAL}(?:\s+of)?[\s-]+{_MONTH_WORD},?[\s-]+(\d{{4}})", re.I)


class Reading(NamedTuple):
    """What a date written in another form means: the ISO dates it may be (none when it is no
    date; several when the order of day and month is unclear, the usual order for its separator
    first: day first when dotted, month first when slashed)."""

    dates: tuple[dt.date, ...]
    short_year: bool = False
    """The year has two digits: the text may be read in too many ways to suggest one."""


def read_date(text: str) -> Reading:
    """The dates `text` (a date not in `YYYY-MM-DD` form) may stand for."""
    text = text.strip()
    match = _ISO_WITH_TIME_RE.fullmatch(text)
    if match:
        return Reading(_real((match[1][:4], match[1][5:7], match[1][8:])))
    match = _YEAR_FIRST_RE.fullmatch(text)
    if match:  # year, month, day: no one writes the day before the month after the year
        return Reading(_real((match[1], match[3], match[4])))
    match = _YEAR_LAST_RE.fullmatch(text)
    if match:
        first, separator, second, year = match.groups()
        month_first = (year, first, second)
        day_first = (year, second, first)
        # Dotted dates are written day first (`11.03.2026`), slashed ones either way.
        orders = (day_first, month_first) if separator == "." else (month_first, day_first)
        return Reading(_real(*orders))
    if _SHORT_YEAR_RE.fullmatch(text):
        return Reading((), short_year=True)
    if _DIGITS_RE.fullmatch(text) and int(text[4:]) not in _PLAUSIBLE_YEARS:
        return Reading(_real((text[:4], text[4:6], text[6:])))
    match = _MONTH_FIRST_RE.fullmatch(text)
    if match:
        return Reading(_named(match[1], match[2], match[3]))
    match = _DAY_FIRST_RE.fullmatch(text)
    if match:
        return Reading(_named(match[2], match[1], match[3]))
    return Reading(())


def _named(month: str, day: str, year: str) -> tuple[dt.date, ...]:
    number = _MONTHS.get(month.lower())
    return _real((year, str(number), day)) if number is not None else ()


def _real(*readings: tuple[str, str, str]) -> tuple[dt.date, ...]:
    """The readings (year, month, day) that are real days of plausible years, each once."""
    dates: list[dt.date] = []
    for year, month, day in readings:
        if int(year) not in _PLAUSIBLE_YEARS:
            continue
        try:
            date = dt.date(int(year), int(month), int(day))
        except ValueError:
            continue
        if date not in dates:
            dates.append(date)
    return tuple(dates)


def iso_hint(text: str) -> str:
    """How to write the date `text` as `YYYY-MM-DD`: the date itself when its reading is
    certain, else why it is not."""
    shown = text.strip()
    if _ISO_SHAPE_RE.fullmatch(shown):  # the form is right; the day or the month is not
        year, month, _ = (int(part) for part in shown.split("-"))
        if not 1 <= month <= 12:
            return "the month, between the year and the day, is 01 to 12"
        if year >= 1:
            return f"{year:04}-{month:02} has {calendar.monthrange(year, month)[1]} days"
    reading = read_date(text)
    if len(reading.dates) == 1:
        return f"write it as {reading.dates[0].isoformat()}"
    if len(reading.dates) > 1:
        either = " or ".join(date.isoformat() for date in reading.dates)
        return f"write the date as YYYY-MM-DD: {shown} could be {either}"
    if reading.short_year:
        return f"write the date as YYYY-MM-DD: with a two-digit year, {shown} has several readings"
    return "write the date as YYYY-MM-DD, e.g. 2026-03-01"
