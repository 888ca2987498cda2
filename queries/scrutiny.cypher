// title: Scrutiny and accountability
// description: Who scrutinises, oversees or holds an entity to account, and whom it scrutinises,
// description: oversees or holds to account in turn; for a person, also the lines that reach them
// description: through an office they hold (HOLDS_POST). Each line with its citation.
// param entity: the body, person or office, by name, alias or id (example: Police and Crime Commissioner)
CALL {
  MATCH (t)
  WHERE NOT t:Document
    AND (toLower(t.name) = toLower($entity) OR toLower(t.id) = toLower($entity)
         OR any(a IN coalesce(t.aliases, []) WHERE toLower(a) = toLower($entity)))
  MATCH (t)-[r:SCRUTINISES|HOLDS_TO_ACCOUNT|OVERSEES]-(o)
  RETURN t, r, startNode(r) AS s, endNode(r) AS e
  UNION ALL
  MATCH (t:Person)
  WHERE toLower(t.name) = toLower($entity) OR toLower(t.id) = toLower($entity)
     OR any(a IN coalesce(t.aliases, []) WHERE toLower(a) = toLower($entity))
  MATCH (t)-[:HOLDS_POST]->(e)<-[r:SCRUTINISES|HOLDS_TO_ACCOUNT|OVERSEES]-(s)
  RETURN t, r, s, e
}
RETURN t.name AS entity,
       s.name AS actor,
       type(r) AS relation,
       e.name AS subject,
       r.status AS status,
       r.citations AS citations
ORDER BY entity, relation, actor, subject
