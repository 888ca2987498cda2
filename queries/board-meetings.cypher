// title: Meetings of a board
// description: A board's meetings by date, with location, who was present (count and sorted names),
// description: who sent apologies, who presented which item, and the citation of the meeting line.
// param board: the board, by name, alias or id (example: Police and Crime Panel)
MATCH (b)
WHERE (b:Board OR b:Organisation)
  AND (toLower(b.name) = toLower($board) OR toLower(b.id) = toLower($board)
       OR any(a IN coalesce(b.aliases, []) WHERE toLower(a) = toLower($board)))
MATCH (m:Meeting)-[r:MEETING_OF]->(b)
WITH b, m, r,
     [(p:Person)-[a:ATTENDED]->(m) WHERE coalesce(a.apologies, false) = false | p.name] AS present,
     [(p:Person)-[a:ATTENDED]->(m) WHERE a.apologies = true | p.name] AS apologies,
     [(p:Person)-[x:PRESENTED]->(m) | p.name + coalesce(': ' + x.item, '')] AS presented
RETURN b.name AS board,
       m.name AS meeting,
       m.date AS date,
       m.location AS location,
       size(present) AS present_count,
       reduce(s = [], x IN present | [y IN s WHERE y < x] + [x] + [y IN s WHERE y >= x]) AS present,
       size(apologies) AS apologies_count,
       reduce(s = [], x IN apologies | [y IN s WHERE y < x] + [x] + [y IN s WHERE y >= x]) AS apologies,
       reduce(s = [], x IN presented | [y IN s WHERE y < x] + [x] + [y IN s WHERE y >= x]) AS presented,
       r.citations AS citations
ORDER BY board, date, meeting
