// title: Scrutiny and accountability
// description: Who scrutinises, oversees or holds an entity to account, and whom it scrutinises,
// description: oversees or holds to account in turn; for a person, also the lines that reach them
// description: through an office they hold (HOLDS_POST). Each line with its citation.
// param entity: the body, person or office, by name, alias or id (example: LLR Police and Crime Panel)
// the entity: candidates from the TEXT index on the lookup keys (see kg.store.neo4j), then
// the exact rule, name, id or any alias equal ignoring case
MATCH (t:_KgNode)
WHERE t._keys CONTAINS '\u001f' + toLower($entity) + '\u001f'
  AND NOT t:Document
  AND (toLower(t.name) = toLower($entity) OR toLower(t.id) = toLower($entity)
       OR any(a IN coalesce(t.aliases, []) WHERE toLower(a) = toLower($entity)))
CALL (t) {
  MATCH (t)-[r:SCRUTINISES|HOLDS_TO_ACCOUNT|OVERSEES]-(o)
  RETURN r, startNode(r) AS s, endNode(r) AS e
  UNION ALL
  // a person: also the lines that reach an office they hold
  MATCH (t:Person)-[:HOLDS_POST]->(e)<-[r:SCRUTINISES|HOLDS_TO_ACCOUNT|OVERSEES]-(s)
  RETURN r, s, e
}
RETURN t.name AS entity,
       s.name AS actor,
       type(r) AS relation,
       e.name AS subject,
       r.status AS status,
       r.citations AS citations
ORDER BY entity, relation, actor, subject
