"""The rule of an amount of money, given its bounds: no YAML, no model, so that the quick path of
`kg query` (kg/cli_quick.py) applies it with the bounds it keeps in its cache. :mod:`kg.model`
applies it with the bounds of ``kg/schema/amounts.yaml`` (:func:`kg.model.amount_rules`).

>>> money_value(1250, 1e12), money_value(float("inf"), 1e12), money_value(True, 1e12)
(1250, None, None)
>>> checked({"amount": -5, "spent": 10.5, "period": "2025-26"}, ("amount", "spent"), 1e12)
{'spent': 10.5, 'period': '2025-26'}
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any


def money_value(value: Any, max_pounds: float) -> float | int | None:
    """``value`` when it is a sensible amount (a number, finite, not negative, at most
    ``max_pounds``), else None; an int stays an int."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:      # an int too large for a float
        return None
    if not math.isfinite(number) or number < 0 or number > max_pounds:
        return None
    return value


def checked(props: dict[str, Any], properties: Iterable[str], max_pounds: float) -> dict[str, Any]:
    """``props`` with every money property that is not a sensible amount removed (in place)."""
    for key in properties:
        if key in props and money_value(props[key], max_pounds) is None:
            del props[key]
    return props
