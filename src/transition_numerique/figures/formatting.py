"""French formatting of numbers, percentages, units and dates, with babel (locale fr_FR).

Babel already writes « 1 234,5 » with U+202F and « 85 % » with U+00A0; this module only fixes the
patterns the course uses and spells the units and dates the way the charts show them.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from matplotlib.ticker import FuncFormatter

from ..reporting import NBSP

LOCALE = "fr_FR"
#: percentages with at most one decimal, the no-break space before « % »
_PERCENT = "#,##0.#\u00a0%"

#: How each unit of the data is written after a number, and spelled out on an axis.
UNITS: dict[str, tuple[str, str]] = {
    "%": ("%", "%"),
    "Md$": ("Md$", "milliards de dollars (Md$)"),
    "M$": ("M$", "millions de dollars (M$)"),
    "M€": ("M€", "millions d’euros (M€)"),
    "millions": ("millions", "millions"),
    "milliards": ("milliards", "milliards de personnes"),
    "minutes": ("min", "minutes par jour"),
}


def number(value: float) -> str:
    """« 1 234,5 »: thousands separated by U+202F, decimal comma, up to three decimals."""
    return format_decimal(value, locale=LOCALE)


def percent(value: float) -> str:
    """« 85 % » or « 36,9 % » for a value already expressed in percent (85, not 0.85)."""
    return format_percent(value / 100, format=_PERCENT, locale=LOCALE)


def quantity(value: float, unit: str) -> str:
    """A value with its unit: « 205 Md$ », « 85 % », « 160 min »."""
    if unit == "%":
        return percent(value)
    return f"{number(value)}{NBSP}{UNITS[unit][0]}"


def axis_label(unit: str) -> str:
    """The unit spelled out for an axis: « milliards de dollars (Md$) »."""
    return UNITS[unit][1]


def french_date(text: str) -> str:
    """« 2017 » → « 2017 », « 2017-03 » → « mars 2017 », « 2017-05-31 » → « 31 mai 2017 »."""
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 1:
        return text
    pattern = "MMMM y" if len(parts) == 2 else "d MMMM y"
    return format_date(date(*parts, *([1] * (3 - len(parts)))), pattern, locale=LOCALE)


def dated(text: str) -> str:
    """« 2026-12-02 » → « le 2 décembre 2026 », « 2026-11 » → « en novembre 2026 », « 2026 » → « en 2026 »."""
    return f"{'le' if text.count('-') == 2 else 'en'} {french_date(text)}"


def short_month(text: str) -> str:
    """« 2017-04 » → « avr. 2017 » (abbreviated month, for labels next to points)."""
    year, month = (int(part) for part in text.split("-"))
    return format_date(date(year, month, 1), "MMM y", locale=LOCALE)


def tick_formatter(unit: str) -> FuncFormatter:
    """Matplotlib tick labels in French: « 100 000 », « 85 % »."""
    if unit == "%":
        return FuncFormatter(lambda value, _pos: percent(value))
    return FuncFormatter(lambda value, _pos: number(value))


def year_formatter() -> FuncFormatter:
    """Years as plain integers (« 2017 », never « 2 017 »), nothing between whole years."""
    return FuncFormatter(lambda value, _pos: f"{value:.0f}" if float(value).is_integer() else "")
