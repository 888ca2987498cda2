// title: Meetings of a board
// description: A board's meetings by date, with location, who was present (count and sorted names),
// description: who sent apologies, who presented which item, the citation of the meeting line and
// description: (sorted, distinct) the citations of the attendance lines.
// param board: the board, by name, alias or id (example: LLR Police and Crime Panel)
// the entity: candidates from the TEXT index on the lookup keys (see kg.store.neo4j), then
// the exact rule, name, id or any alias equal ignoring case
MATCH (b:_KgNode)
WHERE b._keys CONTAINS '\u001f' + toLower($board) + '\u001f'
  AND (b:Board OR b:Organisation)
  AND (toLower(b.name) = toLower($board) OR toLower(b.id) = toLower($board)
       OR any(a IN coalesce(b.aliases, []) WHERE toLower(a) = toLower($board)))
MATCH (m:Meeting)-[r:MEETING_OF]->(b)
WITH b, m, r,
     [(p:Person)-[a:ATTENDED]->(m) WHERE coalesce(a.apologies, false) = false | p.name] AS present,
     [(p:Person)-[a:ATTENDED]->(m) WHERE a.apologies = true | p.name] AS apologies,
     [(p:Person)-[x:PRESENTED]->(m) | p.name + coalesce(': ' + x.item, '')] AS presented,
     reduce(acc = [], c IN [(:Person)-[a:ATTENDED|PRESENTED]->(m) | coalesce(a.citations, [])] | acc + c)
       AS attendance_cites
RETURN b.name AS board,
       m.name AS meeting,
       m.date AS date,
       m.location AS location,
       size(present) AS present_count,
       reduce(s = [], x IN present | [y IN s WHERE y < x] + [x] + [y IN s WHERE y >= x]) AS present,
       size(apologies) AS apologies_count,
       reduce(s = [], x IN apologies | [y IN s WHERE y < x] + [x] + [y IN s WHERE y >= x]) AS apologies,
       reduce(s = [], x IN presented | [y IN s WHERE y < x] + [x] + [y IN s WHERE y >= x]) AS presented,
       r.citations AS citations,
       reduce(s = [], x IN attendance_cites
              | CASE WHEN x IN s THEN s ELSE [y IN s WHERE y < x] + [x] + [y IN s WHERE y > x] END) AS attendance_citations
ORDER BY board, date, meeting
