"""How each node label and relationship type is drawn: colour, shape, legend text.

One table for every view and the atlas, so a Board looks the same everywhere.
Colours are the Tableau-10 set (distinguishable, print-safe); each label also
has its own shape so the picture still reads in greyscale.

>>> node_style("Board")["shape"]
'box'
>>> rel_phrase("REPORTS_TO")
'reports to'
"""

from __future__ import annotations

from typing import Any

from kg.schema import load_schema

# label -> (vis shape, fill colour, font colour). Shapes with the label inside
# (box, ellipse, database) are kept for bodies, so their names stay readable.
_NODE = {
    "Board": ("box", "#4C78A8", "#ffffff"),
    "Organisation": ("ellipse", "#F58518", "#1a1a1a"),
    "Person": ("dot", "#54A24B", "#1a1a1a"),
    "Post": ("dot", "#88D27A", "#1a1a1a"),
    "Plan": ("square", "#B279A2", "#1a1a1a"),
    "Priority": ("triangle", "#FF9DA6", "#1a1a1a"),
    "Fund": ("diamond", "#E45756", "#1a1a1a"),
    "Project": ("hexagon", "#72B7B2", "#1a1a1a"),
    "Meeting": ("triangleDown", "#9D755D", "#1a1a1a"),
    "Area": ("star", "#BAB0AC", "#1a1a1a"),
    "Document": ("dot", "#CCCCCC", "#1a1a1a"),
}
_DEFAULT = ("dot", "#999999", "#1a1a1a")

# A relationship type's colour, line style and phrase are in kg/schema/relationships.yaml: governance
# lines are dark, money is red, membership light and thin so that lines of accountability stand out
# over it.

# Plural headings for the legend and the atlas index.
PLURAL = {
    "Board": "Boards",
    "Organisation": "Organisations",
    "Person": "People",
    "Post": "Posts",
    "Plan": "Plans",
    "Priority": "Priorities",
    "Fund": "Funds",
    "Project": "Projects",
    "Meeting": "Meetings",
    "Area": "Areas",
    "Document": "Documents",
}


def node_style(label: str) -> dict[str, Any]:
    """vis-network node options for a label.

    >>> node_style("Fund")["color"]["background"]
    '#E45756'
    """
    shape, fill, font = _NODE.get(label, _DEFAULT)
    return {
        "shape": shape,
        "color": {"background": fill, "border": _darker(fill),
                  "highlight": {"background": fill, "border": "#000000"}},
        "font": {"color": font if shape in ("box", "ellipse", "database") else "#1a1a1a"},
    }


def label_colour(label: str) -> str:
    """Fill colour of a label (for legends and page badges)."""
    return _NODE.get(label, _DEFAULT)[1]


def label_shape(label: str) -> str:
    """vis-network shape of a label."""
    return _NODE.get(label, _DEFAULT)[0]


def rel_line(rtype: str) -> str:
    """Line style of a relationship type: thin, solid, heavy or dashed (the schema's ``line``).

    >>> rel_line("SCRUTINISES"), rel_line("MEMBER_OF"), rel_line("NOT_A_TYPE")
    ('heavy', 'thin', 'solid')
    """
    td = load_schema().types.get(rtype)
    return td.line if td is not None else "solid"


def rel_style(rtype: str) -> dict[str, object]:
    """vis-network edge options for a line type's style: width, and the diamond head and dashes
    that tell scrutiny and accountability (heavy) and dashed types apart whatever their colour.

    >>> rel_style("SCRUTINISES")["arrows"]
    {'to': {'enabled': True, 'type': 'diamond', 'scaleFactor': 0.8}}
    >>> rel_style("MEMBER_OF")
    {'width': 1}
    """
    line = rel_line(rtype)
    if line == "heavy":
        return {"width": 3.0, "arrows": {"to": {"enabled": True, "type": "diamond", "scaleFactor": 0.8}}}
    if line == "thin":
        return {"width": 1}
    if line == "dashed":
        return {"width": 1.5, "dashes": [6, 4]}
    return {"width": 1.5}


def rel_colour(rtype: str) -> str:
    """Edge colour of a relationship type (the schema's ``colour``)."""
    td = load_schema().types.get(rtype)
    return td.colour if td is not None else "#888888"


def rel_phrase(rtype: str) -> str:
    """Plain-English verb for a relationship type, for tooltips and atlas facts (the schema's ``phrase``)."""
    td = load_schema().types.get(rtype)
    return td.phrase if td is not None else rtype.replace("_", " ").lower()


def _darker(hex_colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"#{int(r * factor):02x}{int(g * factor):02x}{int(b * factor):02x}"
