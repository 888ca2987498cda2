// title: Projects in an area
// description: Projects that work in an area: directly (IN_AREA), or funded or delivered by a body
// description: that works there (shown as via). With who delivers and funds each project (sorted),
// description: the citations of the lines that place it in the area, and (sorted, distinct) those
// description: of its DELIVERS and FUNDS lines.
// param area: the area, by name, alias or id (example: Eastvale)
CALL {
  MATCH (a:Area)
  WHERE toLower(a.name) = toLower($area) OR toLower(a.id) = toLower($area)
     OR any(x IN coalesce(a.aliases, []) WHERE toLower(x) = toLower($area))
  MATCH (p:Project)-[r:IN_AREA]->(a)
  RETURN a, p, null AS via, r.citations AS citations
  UNION ALL
  MATCH (a:Area)
  WHERE toLower(a.name) = toLower($area) OR toLower(a.id) = toLower($area)
     OR any(x IN coalesce(a.aliases, []) WHERE toLower(x) = toLower($area))
  MATCH (p:Project)<-[r:FUNDS|DELIVERS]-(b)-[r2:IN_AREA]->(a)
  WHERE NOT EXISTS { (p)-[:IN_AREA]->(a) }
  RETURN a, p, b.name AS via, r2.citations + r.citations AS citations
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
