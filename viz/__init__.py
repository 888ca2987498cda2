"""Pictures of the governance graph: Pyvis views and the offline atlas.

* :func:`render_view` draws one view (``governance``, ``funding``, ``ego``, ``board``)
  into a self-contained HTML page that opens from disk with the network unplugged;
* :func:`build_atlas` writes a static site: a page per board, person, organisation,
  fund and funder, every fact with its citation, and the views embedded.

Example::

    from kg.store import open_store
    from kg.viz import render_view
    render_view(open_store("networkx", "kg-store").graph(), "governance", Path("gov.html"))
"""

from kg.viz.atlas import build_atlas
from kg.viz.select import VIEWS, ViewError
from kg.viz.views import ViewResult, render_view

__all__ = ["VIEWS", "ViewError", "ViewResult", "build_atlas", "render_view"]
