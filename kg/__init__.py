"""kg: governance knowledge graphs from UK public-sector partnership papers.

The library API (the CLI is a thin layer over it):

* :func:`kg.loaders.load` reads a file into a :class:`kg.loaders.base.Document`;
* :func:`kg.extract.extract` reads a Document into an :class:`kg.model.Extraction`;
* :func:`kg.resolve.build_graph` merges extractions into one :class:`kg.model.Graph`;
* :func:`kg.store.open_store` opens the embedded (networkx) or Neo4j store;
* :func:`kg.ingest.ingest` does all of it for a list of paths.
"""

__version__ = "0.1.0"
