// title: A board's full picture
// description: Everything about one board in one table, part by part: the bodies above it (reports
// description: to, part of, boards it sits on as a member), who oversees, scrutinises, supports or
// description: holds it to account, its members with their roles (chair first) and whom they represent, the
// description: offices held on it, the bodies below it (reporting to it, part of it, boards sitting
// description: on it), whom it oversees, scrutinises, supports or holds to account, and its meetings
// description: by date. Each line with its citation.
// param board: the board or body, by name, alias or id (example: LLR Police and Crime Panel)
// GOVERNANCE_UPPER_END, GOVERNANCE_UPPER_START: the governance lines of kg/schema/relationships.yaml
// whose end, or start, is the upper one (filled in when the query is loaded)
// the entity: candidates from the TEXT index on the lookup keys (see kg.store.neo4j), then
// the exact rule, name, id or any alias equal ignoring case
MATCH (b:_KgNode)
WHERE b._keys CONTAINS '\u001f' + toLower($board) + '\u001f'
  AND (b:Board OR b:Organisation)
  AND (toLower(b.name) = toLower($board) OR toLower(b.id) = toLower($board)
       OR any(a IN coalesce(b.aliases, []) WHERE toLower(a) = toLower($board)))
CALL (b) {
  MATCH (b)-[r:%GOVERNANCE_UPPER_END%|MEMBER_OF]->(o)
  WHERE type(r) <> 'MEMBER_OF' OR (b:Board AND o:Board)
  RETURN 0 AS rank, 'above' AS part, r, o, CASE type(r) WHEN 'MEMBER_OF' THEN 'membership' END AS role
  UNION ALL
  MATCH (b)<-[r:%GOVERNANCE_UPPER_START%]-(o)
  RETURN 1 AS rank, 'overseen, scrutinised or supported by' AS part, r, o, null AS role
  UNION ALL
  MATCH (b)<-[r:MEMBER_OF]-(o)
  WHERE NOT (b:Board AND o:Board)
  RETURN 2 AS rank, 'member' AS part, r, o, coalesce(r.role, 'member') AS role
  UNION ALL
  MATCH (b)<-[r:HOLDS_ROLE]-(o)
  RETURN 3 AS rank, 'office' AS part, r, o, r.title AS role
  UNION ALL
  MATCH (b)<-[r:%GOVERNANCE_UPPER_END%|MEMBER_OF]-(o)
  WHERE type(r) <> 'MEMBER_OF' OR (b:Board AND o:Board)
  RETURN 4 AS rank, 'below' AS part, r, o,
         CASE type(r) WHEN 'MEMBER_OF' THEN coalesce(r.role, 'member') END AS role
  UNION ALL
  MATCH (b)-[r:%GOVERNANCE_UPPER_START%]->(o)
  RETURN 5 AS rank, 'oversees, scrutinises or supports' AS part, r, o, null AS role
  UNION ALL
  MATCH (b)<-[r:MEETING_OF]-(o:Meeting)
  RETURN 6 AS rank, 'meeting' AS part, r, o, null AS role
}
// chairs first, then vice-chairs, among the members
WITH b, rank, part, r, o, role, CASE role WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 ELSE 2 END AS chair_rank
RETURN b.name AS board,
       part,
       type(r) AS relation,
       o.name AS other,
       head([l IN labels(o) WHERE l IN ['Person', 'Organisation', 'Board', 'Post', 'Plan', 'Project', 'Meeting']])
         AS other_type,
       role,
       r.representing AS representing,
       o.date AS date,
       r.status AS status,
       r.citations AS citations
ORDER BY board, rank, chair_rank, date, other, relation, role, representing, status
