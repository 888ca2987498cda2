"""Entity resolution: merge every paper's mentions into one node per real-world entity.

Names are compared only within a **scope** (:mod:`kg.resolve.scope`): a national body (the Home
Office) is one node everywhere; any other name is its area's ("the Commissioner" of a Durham
paper is Durham's, never Derbyshire's). Within a scope, rules apply in this order and
are recorded in each node's ``resolution`` ledger:

* ``exact``: the same name after folding case, punctuation, ``&``/``and`` and a leading "the";
* ``area-prefix``: the same body or plan with and without its area's name ("Rushcliffe Safer
  Communities Board" ~ "Safer Communities Board");
* ``variant``: the same body or plan once generic acronyms are read as words ("CSP"), kind
  variants ("Partnership Board" ~ "Board") and plurals are read alike (``data/resolution.yaml``);
* ``office-title``: the names of one office and its holder's title ("OPCC", "the PCC", "the
  Commissioner's office", ``synonyms``);
* ``acronym``: an acronym the text defined for a longer name ("… Commissioner (OPCC)");
* ``project-kind``: a project named with and without a kind word ("Street Mentors Pilot");
* ``person-variant``: people whose names agree once honorifics, ranks and post-nominals are dropped, or
  whose surname agrees and whose first name, initial or its known variant (Bob ~ Robert) is
  compatible, when only ONE fuller name fits;
* ``renamed``: an older name a paper says was renamed ("X (formerly Y)", :mod:`kg.extract.renames`),
  joined to the newer name, which the node takes; the ledger line cites the sentence;
* ``decision``: a user's forced merge from a decisions file; ``keep_apart`` pairs are never merged.

Organisation and Board share one namespace (a partnership is called both); the label most
documents use wins. Canonical names are the fullest spelling seen (for people, without honorific);
one canonical name in two areas is told apart by the area ("Police and Crime Plan (Durham)").

The embedded store resolves again only what a new, changed or removed paper touches, with the
same result (:mod:`kg.resolve.incremental`; each paper's part of the graph: :mod:`kg.resolve.parts`).

>>> from kg.model import Cite, DocInfo, Extraction, Mention
>>> from kg.resolve import build_graph
>>> c = Cite("a.txt", 1, "x")
>>> ex = Extraction(DocInfo("a.txt", "0"), [Mention("Person", "Cllr. K. Dunn", c),
...                                          Mention("Person", "Karen Dunn", c)])
>>> g, _ = build_graph([ex])
>>> sorted(n.name for n in g.nodes.values() if n.label == "Person")
['Karen Dunn']
"""

from typing import TYPE_CHECKING, Any

from kg.resolve.decisions import Decisions
from kg.resolve.names import fold, is_acronym, person_key, person_variant_fits

if TYPE_CHECKING:
    from kg.resolve.build import build_graph, cluster


def __getattr__(name: str) -> Any:
    # the builder needs the extraction vocabulary (and so the loaders); a reader that only
    # compares names (kg query, kg show) must not pay for importing it
    if name in ("build_graph", "cluster"):
        from kg.resolve import build

        return getattr(build, name)
    raise AttributeError(f"module 'kg.resolve' has no attribute '{name}'")

__all__ = ["Decisions", "build_graph", "cluster", "fold", "is_acronym", "person_key", "person_variant_fits"]
