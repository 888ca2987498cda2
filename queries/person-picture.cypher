// title: A person's full picture
// description: Everything about one person in one table, part by part: offices (HOLDS_ROLE with the
// description: title, HOLDS_POST), memberships with their role and whom they represent, whom they
// description: hold to account and who scrutinises, oversees or holds them (or an office they hold)
// description: to account, then the meetings they attended, sent apologies to or presented at, by
// description: date. context is the board of a meeting, whom a member represents, or the office
// description: through which a line reaches them. Each line with its citation.
// param person: the person, by name, alias or id (example: Kevin Loydall)
// the entity: candidates from the TEXT index on the lookup keys (see kg.store.neo4j), then
// the exact rule, name, id or any alias equal ignoring case
MATCH (p:_KgNode)
WHERE p._keys CONTAINS '\u001f' + toLower($person) + '\u001f'
  AND p:Person
  AND (toLower(p.name) = toLower($person) OR toLower(p.id) = toLower($person)
       OR any(a IN coalesce(p.aliases, []) WHERE toLower(a) = toLower($person)))
CALL (p) {
  MATCH (p)-[r:HOLDS_ROLE|HOLDS_POST]->(o)
  RETURN 0 AS rank, 'office' AS part, r, o, r.title AS detail, null AS context
  UNION ALL
  MATCH (p)-[r:MEMBER_OF]->(o)
  RETURN 1 AS rank, 'member' AS part, r, o, coalesce(r.role, 'member') AS detail, r.representing AS context
  UNION ALL
  MATCH (p)-[r:HOLDS_TO_ACCOUNT|SCRUTINISES|OVERSEES]->(o)
  RETURN 2 AS rank, 'accountability' AS part, r, o, 'holds to account, scrutinises or oversees' AS detail,
         null AS context
  UNION ALL
  MATCH (p)<-[r:HOLDS_TO_ACCOUNT|SCRUTINISES|OVERSEES]-(o)
  RETURN 2 AS rank, 'accountability' AS part, r, o, 'held to account, scrutinised or overseen by' AS detail,
         null AS context
  UNION ALL
  MATCH (p)-[:HOLDS_POST]->(x)<-[r:HOLDS_TO_ACCOUNT|SCRUTINISES|OVERSEES]-(o)
  RETURN 2 AS rank, 'accountability' AS part, r, o, 'held to account, scrutinised or overseen by' AS detail,
         x.name AS context
  UNION ALL
  MATCH (p)-[r:ATTENDED|PRESENTED]->(o:Meeting)
  OPTIONAL MATCH (o)-[:MEETING_OF]->(x)
  WITH r, o, min(x.name) AS context
  RETURN 3 AS rank, 'meeting' AS part, r, o,
         CASE type(r) WHEN 'PRESENTED' THEN r.item
              ELSE CASE WHEN r.apologies = true THEN 'apologies' ELSE 'present' END END AS detail,
         context
}
RETURN p.name AS person,
       part,
       type(r) AS relation,
       o.name AS other,
       head([l IN labels(o) WHERE l IN ['Person', 'Organisation', 'Board', 'Post', 'Meeting']]) AS other_type,
       detail,
       context,
       o.date AS date,
       r.status AS status,
       r.citations AS citations
ORDER BY person, rank, date, other, relation, detail, context, status
