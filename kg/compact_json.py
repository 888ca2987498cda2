"""kg's own compact JSON text (no blanks, non-ASCII kept), written by the resolver's and the
embedded store's tables: one encoder for both, made once.

>>> dumps({"a": [1, "é"]})
'{"a":[1,"é"]}'
"""

from __future__ import annotations

import json
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))   # one, not one per call
# the C encoder ``ENCODER.encode`` makes anew on every call (with a fresh dict for its circular
# check), made once: the same text (kg's values hold no cycles), a third less time for a small value
_C_ENCODE: Any = None if c_make_encoder is None else c_make_encoder(
    None, ENCODER.default, encode_basestring, None, ":", ",", False, False, True)


def dumps(value: Any) -> str:
    """``ENCODER.encode(value)``.

    >>> v = {"a": [1, 2.5, None, "é\\u2028", True], "b": float("nan")}
    >>> dumps(v) == ENCODER.encode(v), dumps("x") == ENCODER.encode("x")
    (True, True)
    """
    if _C_ENCODE is None or value.__class__ is str:
        return ENCODER.encode(value)
    return "".join(_C_ENCODE(value, 0))
