// title: A plan's priorities
// description: The priorities of a plan (or fund) and, for each, the projects that address it and the
// description: plans or priorities it aligns with (sorted), with the citation of the priority line
// description: and (sorted, distinct) those of the ADDRESSES and ALIGNS_WITH lines.
// param plan: the plan or fund, by name, alias or id (example: Police and Crime Plan)
// the entity: candidates from the TEXT index on the lookup keys (see kg.store.neo4j), then
// the exact rule, name, id or any alias equal ignoring case
MATCH (pl:_KgNode)
WHERE pl._keys CONTAINS '\u001f' + toLower($plan) + '\u001f'
  AND (pl:Plan OR pl:Fund)
  AND (toLower(pl.name) = toLower($plan) OR toLower(pl.id) = toLower($plan)
       OR any(a IN coalesce(pl.aliases, []) WHERE toLower(a) = toLower($plan)))
MATCH (pl)-[r:HAS_PRIORITY]->(pr)
RETURN pl.name AS plan,
       pr.name AS priority,
       reduce(s = [], x IN [(pr)<-[:ADDRESSES]-(j) | j.name]
              | [y IN s WHERE y < x] + [x] + [y IN s WHERE y >= x]) AS projects,
       reduce(s = [], x IN [(pr)-[:ALIGNS_WITH]-(o) | o.name]
              | [y IN s WHERE y < x] + [x] + [y IN s WHERE y >= x]) AS aligned_with,
       r.status AS status,
       r.citations AS citations,
       reduce(s = [], x IN reduce(acc = [], c IN [(pr)<-[ad:ADDRESSES]-() | coalesce(ad.citations, [])]
                                                 + [(pr)-[al:ALIGNS_WITH]-() | coalesce(al.citations, [])]
                                  | acc + c)
              | CASE WHEN x IN s THEN s ELSE [y IN s WHERE y < x] + [x] + [y IN s WHERE y > x] END) AS link_citations
ORDER BY plan, priority
