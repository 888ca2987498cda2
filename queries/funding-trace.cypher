// title: Where the money goes
// description: From a funder or fund down the FUNDS (and MANAGES) lines to the bodies, funds and
// description: projects it pays for, level by level (up to 8), with amount, period and kind; then
// description: the organisations that DELIVER each project reached. Each line with its citation.
// param funder: the funder or fund, by name, alias or id (example: Office of the Police and Crime Commissioner)
CALL {
  MATCH (f)
  WHERE NOT f:Document
    AND (toLower(f.name) = toLower($funder) OR toLower(f.id) = toLower($funder)
         OR any(a IN coalesce(f.aliases, []) WHERE toLower(a) = toLower($funder)))
  MATCH p = (f)-[:FUNDS|MANAGES*1..8]->()
  RETURN f, last(relationships(p)) AS r, min(length(p)) AS level
  UNION ALL
  MATCH (f)
  WHERE NOT f:Document
    AND (toLower(f.name) = toLower($funder) OR toLower(f.id) = toLower($funder)
         OR any(a IN coalesce(f.aliases, []) WHERE toLower(a) = toLower($funder)))
  MATCH p = (f)-[:FUNDS|MANAGES*1..8]->(:Project)<-[d:DELIVERS]-()
  RETURN f, d AS r, min(length(p)) AS level
}
RETURN f.name AS funder,
       level,
       startNode(r).name AS source,
       type(r) AS relation,
       endNode(r).name AS target,
       r.amount AS amount,
       r.period AS period,
       r.kind AS kind,
       r.status AS status,
       r.citations AS citations
ORDER BY funder, level, source, target, period, amount
