// title: Projects in an area
// description: Projects that work in an area: directly (IN_AREA), or funded or delivered by a body
// description: that works there (shown as via). With who delivers and funds each project (sorted),
// description: the citations of the lines that place it in the area, and (sorted, distinct) those
// description: of its DELIVERS and FUNDS lines.
// param area: the area, by name, alias or id (example: Hinckley and Bosworth)
// the entity: candidates from the TEXT index on the lookup keys (see kg.store.neo4j), then
// the exact rule, name, id or any alias equal ignoring case
MATCH (a:_KgNode)
WHERE a._keys CONTAINS '\u001f' + toLower($area) + '\u001f'
  AND a:Area
  AND (toLower(a.name) = toLower($area) OR toLower(a.id) = toLower($area)
       OR any(x IN coalesce(a.aliases, []) WHERE toLower(x) = toLower($area)))
CALL (a) {
  MATCH (p:Project)-[r:IN_AREA]->(a)
  RETURN p, null AS via, r.citations AS citations
  UNION ALL
  MATCH (p:Project)<-[r:FUNDS|DELIVERS]-(b)-[r2:IN_AREA]->(a)
  WHERE NOT EXISTS { (p)-[:IN_AREA]->(a) }
  RETURN p, b.name AS via, r2.citations + r.citations AS citations
}
RETURN a.name AS area,
       p.name AS project,
       via,
       p.description AS description,
       reduce(s = [], x IN [(p)<-[:DELIVERS]-(o) | o.name]
              | [y IN s WHERE y < x] + [x] + [y IN s WHERE y >= x]) AS delivered_by,
       reduce(s = [], x IN [(p)<-[:FUNDS]-(o) | o.name]
              | [y IN s WHERE y < x] + [x] + [y IN s WHERE y >= x]) AS funded_by,
       citations,
       reduce(s = [], x IN reduce(acc = [], c IN [(p)<-[dl:DELIVERS|FUNDS]-() | coalesce(dl.citations, [])]
                                  | acc + c)
              | CASE WHEN x IN s THEN s ELSE [y IN s WHERE y < x] + [x] + [y IN s WHERE y > x] END) AS link_citations
ORDER BY area, project, via
