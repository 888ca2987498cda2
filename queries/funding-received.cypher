// title: Funding received
// description: Every FUNDS line into a recipient (body, fund or project): funder, amount, period,
// description: kind, and spent/remaining/as-of where the papers give them, with its citation.
// param recipient: the recipient, by name, alias or id (example: Charnwood CSP)
// the entity: candidates from the TEXT index on the lookup keys (see kg.store.neo4j), then
// the exact rule, name, id or any alias equal ignoring case
MATCH (t:_KgNode)
WHERE t._keys CONTAINS '\u001f' + toLower($recipient) + '\u001f'
  AND NOT t:Document
  AND (toLower(t.name) = toLower($recipient) OR toLower(t.id) = toLower($recipient)
       OR any(a IN coalesce(t.aliases, []) WHERE toLower(a) = toLower($recipient)))
MATCH (f)-[r:FUNDS]->(t)
RETURN t.name AS recipient,
       f.name AS funder,
       r.amount AS amount,
       r.period AS period,
       r.kind AS kind,
       r.spent AS spent,
       r.remaining AS remaining,
       r.as_of AS as_of,
       r.status AS status,
       r.citations AS citations
ORDER BY recipient, period, funder, amount
