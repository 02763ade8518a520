"""Writing table cells the Danish way: 1.450.000, 12,5, 1. marts 2025, and a dash for no value."""

import datetime
from decimal import Decimal

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime.date):
        return date_format(value, "j. F Y")
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        whole, _dot, decimals = f"{value:,}".partition(".")
        whole = whole.replace(",", ".")
        return f"{whole},{decimals}" if decimals else whole
    return str(value)
