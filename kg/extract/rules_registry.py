"""The ordered list of rule modules. Order matters: earlier rules set ``ctx.state``
(the document's board, its meetings, acronyms) that later rules read."""

from __future__ import annotations

from collections.abc import Callable

from kg.extract.context import Context

RULES: list[Callable[[Context], None]] = []

# -- E1: meetings first (they set ctx.state["board"], ["meetings"]), then people and membership --
from kg.extract import meetings as _meetings  # noqa: E402
from kg.extract import membership as _membership  # noqa: E402
from kg.extract import roles as _roles  # noqa: E402

RULES += [_meetings.run_meetings, _meetings.run_attendance, _roles.run_presenters,
          _roles.run_name_blocks, _roles.run_paren_roles, _roles.run_table_people, _membership.run]

# -- E2: bodies, governance lines, money, plans (they read E1's ctx.state["board"]) --
from kg.extract import bodies as _bodies  # noqa: E402
from kg.extract import governance as _governance  # noqa: E402
from kg.extract import money as _money  # noqa: E402
from kg.extract import plans as _plans  # noqa: E402

RULES += [_bodies.run, _plans.run_named, _governance.run, _money.run, _plans.run]

# -- E5: organisations known only from a list of contributors (after every rule that names things) --
from kg.extract import partner_lists as _partner_lists  # noqa: E402

RULES += [_partner_lists.run, _plans.run_services]

# -- E1: last, after every rule that may record a person's organisation --
RULES.append(_roles.run_finish)
