// title: Where the money goes
// description: From a funder or fund down the FUNDS (and MANAGES) lines to the bodies, funds and
// description: projects it pays for, level by level (up to 8), with amount, period and kind; then
// description: the organisations that DELIVER each project reached. Each line with its citation.
// param funder: the funder or fund, by name, alias or id (example: Office of the Police and Crime Commissioner)
// the entity: candidates from the TEXT index on the lookup keys (see kg.store.neo4j), then
// the exact rule, name, id or any alias equal ignoring case
MATCH (f:_KgNode)
WHERE f._keys CONTAINS '\u001f' + toLower($funder) + '\u001f'
  AND NOT f:Document
  AND (toLower(f.name) = toLower($funder) OR toLower(f.id) = toLower($funder)
       OR any(a IN coalesce(f.aliases, []) WHERE toLower(a) = toLower($funder)))
// a line's level is the length of the shortest path that ends with it: one more than the
// distance of its start, so one breadth-first search (SHORTEST, Neo4j 5.21+) finds the distance
// of every node within reach instead of listing every path
CALL (f) {
  MATCH p = ANY SHORTEST (f)-[:FUNDS|MANAGES]->{0,7}(s)
  MATCH (s)-[r:FUNDS|MANAGES]->()
  RETURN r, length(p) + 1 AS level
  UNION ALL
  // who delivers each project reached (by a path of at least one step)
  MATCH p = ANY SHORTEST (f)-[:FUNDS|MANAGES]->{1,8}(x:Project)
  MATCH (x)<-[d:DELIVERS]-()
  RETURN d AS r, length(p) + 1 AS level
}
RETURN f.name AS funder,
       level,
       startNode(r).name AS source,
       type(r) AS relation,
       endNode(r).name AS target,
       r.amount AS amount,
       r.period AS period,
       r.kind AS kind,
       r.status AS status,
       r.citations AS citations
ORDER BY funder, level, source, target, period, amount
