// title: Members of a board
// description: Who sits on a board or body: people and organisations with their role (chair first,
// description: then vice-chair, members, observers), whom they represent, and the offices people
// description: hold on it (HOLDS_ROLE), each with its citation. A status of deleted, proposed or
// description: former is shown, not hidden.
// param board: the board or body, by name, alias or id (example: LLR Police and Crime Panel)
// the entity: candidates from the TEXT index on the lookup keys (see kg.store.neo4j), then
// the exact rule, name, id or any alias equal ignoring case
MATCH (b:_KgNode)
WHERE b._keys CONTAINS '\u001f' + toLower($board) + '\u001f'
  AND (b:Board OR b:Organisation)
  AND (toLower(b.name) = toLower($board) OR toLower(b.id) = toLower($board)
       OR any(a IN coalesce(b.aliases, []) WHERE toLower(a) = toLower($board)))
MATCH (m)-[r:MEMBER_OF|HOLDS_ROLE]->(b)
WITH b, m, r,
     CASE type(r) WHEN 'MEMBER_OF' THEN coalesce(r.role, 'member') ELSE r.title END AS role
WITH b, m, r, role,
     CASE type(r) WHEN 'HOLDS_ROLE' THEN 9
       ELSE CASE role WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 WHEN 'member' THEN 2
                      WHEN 'independent_member' THEN 3 WHEN 'observer' THEN 4 ELSE 5 END
     END AS rank
RETURN b.name AS board,
       m.name AS member,
       head([l IN labels(m) WHERE l IN ['Person', 'Organisation', 'Board', 'Post']]) AS member_type,
       type(r) AS relation,
       role,
       r.representing AS representing,
       r.status AS status,
       r.citations AS citations
ORDER BY board, rank, role, member
