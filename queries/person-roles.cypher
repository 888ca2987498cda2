// title: Everything a person holds
// description: A person's offices (HOLDS_ROLE, HOLDS_POST), memberships of boards and bodies with
// description: their role, whom they hold to account, and the meetings they attended, sent apologies
// description: to or presented at (with the item), each with its citation.
// param person: the person, by name, alias or id (example: Kevin Loydall)
// the entity: candidates from the TEXT index on the lookup keys (see kg.store.neo4j), then
// the exact rule, name, id or any alias equal ignoring case
MATCH (p:_KgNode)
WHERE p._keys CONTAINS '\u001f' + toLower($person) + '\u001f'
  AND p:Person
  AND (toLower(p.name) = toLower($person) OR toLower(p.id) = toLower($person)
       OR any(a IN coalesce(p.aliases, []) WHERE toLower(a) = toLower($person)))
MATCH (p)-[r:HOLDS_ROLE|HOLDS_POST|MEMBER_OF|HOLDS_TO_ACCOUNT|PRESENTED|ATTENDED]->(t)
WITH p, r, t,
     CASE type(r) WHEN 'HOLDS_ROLE' THEN 0 WHEN 'HOLDS_POST' THEN 1 WHEN 'MEMBER_OF' THEN 2
                  WHEN 'HOLDS_TO_ACCOUNT' THEN 3 WHEN 'PRESENTED' THEN 4 ELSE 5 END AS rank,
     CASE type(r)
       WHEN 'HOLDS_ROLE' THEN r.title
       WHEN 'MEMBER_OF' THEN coalesce(r.role, 'member')
       WHEN 'PRESENTED' THEN r.item
       WHEN 'ATTENDED' THEN CASE WHEN r.apologies = true THEN 'apologies' ELSE 'present' END
     END AS detail
RETURN p.name AS person,
       type(r) AS relation,
       detail,
       t.name AS target,
       head([l IN labels(t) WHERE l IN ['Person', 'Organisation', 'Board', 'Post', 'Meeting']]) AS target_type,
       t.date AS date,
       r.status AS status,
       r.citations AS citations
ORDER BY person, rank, date, target, detail
