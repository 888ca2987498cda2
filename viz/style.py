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

# Relationship type -> edge colour. Governance lines are dark, money is red,
# membership light so that lines of accountability stand out over it.
_REL_COLOUR = {
    "REPORTS_TO": "#1f3b73",
    "OVERSEES": "#6a3d9a",
    "SCRUTINISES": "#b2182b",
    "HOLDS_TO_ACCOUNT": "#d6604d",
    "SUPPORTS": "#4d9221",
    "PART_OF": "#2c7fb8",
    "MEMBER_OF": "#a6bddb",
    "HOLDS_ROLE": "#bdbdbd",
    "FUNDS": "#d62728",
    "MANAGES": "#ff7f0e",
    "DELIVERS": "#17becf",
    "MEETING_OF": "#9D755D",
    "ATTENDED": "#d9d9d9",
    "PRESENTED": "#c7b299",
}

_PHRASE = {
    "HOLDS_ROLE": "holds a role at",
    "MEMBER_OF": "is a member of",
    "REPORTS_TO": "reports to",
    "OVERSEES": "oversees",
    "SCRUTINISES": "scrutinises",
    "HOLDS_TO_ACCOUNT": "holds to account",
    "SUPPORTS": "supports",
    "FUNDS": "funds",
    "MANAGES": "manages",
    "DELIVERS": "delivers",
    "IN_AREA": "works in",
    "OWNS": "owns",
    "HAS_PRIORITY": "has priority",
    "ADDRESSES": "addresses",
    "MEETING_OF": "is a meeting of",
    "ATTENDED": "attended",
    "PRESENTED": "presented at",
    "PART_OF": "is part of",
    "ALIGNS_WITH": "aligns with",
    "MENTIONED_IN": "is mentioned in",
    "HOLDS_POST": "holds the post",
}

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


#: lines of scrutiny and accountability are drawn heavier, with a diamond head, so that they stand
#: apart from reporting and membership lines whatever their colour (legend: "heavy, ◆")
HEAVY = frozenset({"SCRUTINISES", "HOLDS_TO_ACCOUNT"})


def rel_style(rtype: str) -> dict[str, object]:
    """Extra vis-network edge options for a line type (none for most).

    >>> rel_style("SCRUTINISES")["arrows"]
    {'to': {'enabled': True, 'type': 'diamond', 'scaleFactor': 0.8}}
    >>> rel_style("MEMBER_OF")
    {}
    """
    if rtype in HEAVY:
        return {"width": 3.0, "arrows": {"to": {"enabled": True, "type": "diamond", "scaleFactor": 0.8}}}
    return {}


def rel_colour(rtype: str) -> str:
    """Edge colour of a relationship type."""
    return _REL_COLOUR.get(rtype, "#888888")


def rel_phrase(rtype: str) -> str:
    """Plain-English verb for a relationship type, for tooltips and atlas facts."""
    return _PHRASE.get(rtype, rtype.replace("_", " ").lower())


def _darker(hex_colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"#{int(r * factor):02x}{int(g * factor):02x}{int(b * factor):02x}"
