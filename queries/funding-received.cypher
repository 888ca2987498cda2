// title: Funding received
// description: Every FUNDS line into a recipient (body, fund or project): funder, amount, period,
// description: kind, and spent/remaining/as-of where the papers give them, with its citation.
// param recipient: the recipient, by name, alias or id (example: Eastvale Community Safety Partnership)
MATCH (t)
WHERE NOT t:Document
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
