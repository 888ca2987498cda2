// title: Funding received
// description: Every FUNDS line into a recipient (body, fund or project): funder, amount, period,
// description: kind, and spent/remaining/as-of where the papers give them, with its citation. Where
// description: papers state the spend of one line at different dates, one row per statement (oldest
// description: first), each with its own date and figures and citing the line it was read from.
// param recipient: the recipient, by name, alias or id (example: Charnwood CSP)
// the entity: candidates from the TEXT index on the lookup keys (see kg.store.neo4j), then
// the exact rule, name, id or any alias equal ignoring case
MATCH (t:_KgNode)
WHERE t._keys CONTAINS '\u001f' + toLower($recipient) + '\u001f'
  AND NOT t:Document
  AND (toLower(t.name) = toLower($recipient) OR toLower(t.id) = toLower($recipient)
       OR any(a IN coalesce(t.aliases, []) WHERE toLower(a) = toLower($recipient)))
MATCH (f)-[r:FUNDS]->(t)
// i < 0: the line's own figures (one statement or none); else the i-th of its stated_* lists
UNWIND CASE WHEN r.stated_in IS NULL THEN [-1] ELSE range(0, size(r.stated_in) - 1) END AS i
RETURN t.name AS recipient,
       f.name AS funder,
       r.amount AS amount,
       r.period AS period,
       r.kind AS kind,
       CASE WHEN i < 0 THEN r.spent ELSE toFloat(r.stated_spent[i]) END AS spent,
       CASE WHEN i < 0 THEN r.remaining ELSE toFloat(r.stated_remaining[i]) END AS remaining,
       CASE WHEN i < 0 THEN r.as_of WHEN r.stated_as_of[i] = '' THEN null ELSE r.stated_as_of[i] END AS as_of,
       r.status AS status,
       CASE WHEN i < 0 THEN r.citations ELSE [r.stated_in[i]] END AS citations
ORDER BY recipient, period, funder, amount, i
