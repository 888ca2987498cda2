// title: Allocated, spent and remaining
// description: What one funder allocated, per recipient and period: how many FUNDS lines with an
// description: amount, the total allocated, the total spent and remaining (remaining as stated on
// description: every line, else allocated minus spent; empty when the papers do not say for every
// description: line; remaining_basis says which: 'stated' or 'derived'), the dates the spend
// description: figures are as of (each line's latest statement: funding-received lists every
// description: paper's), the funder and the citations. Totals are rounded to pence. Lines marked
// description: deleted are left out.
// param funder: the funder or fund, by name, alias or id (example: Office of the Police and Crime Commissioner)
// the entity: candidates from the TEXT index on the lookup keys (see kg.store.neo4j), then
// the exact rule, name, id or any alias equal ignoring case
MATCH (f:_KgNode)
WHERE f._keys CONTAINS '\u001f' + toLower($funder) + '\u001f'
  AND NOT f:Document
  AND (toLower(f.name) = toLower($funder) OR toLower(f.id) = toLower($funder)
       OR any(a IN coalesce(f.aliases, []) WHERE toLower(a) = toLower($funder)))
MATCH (f)-[r:FUNDS]->(t)
WHERE r.amount IS NOT NULL AND coalesce(r.status, '') <> 'deleted'
WITH f, r, t
ORDER BY r.id
WITH t, r.period AS period,
     count(r) AS allocations,
     sum(r.amount) AS allocated,
     count(r.spent) AS n_spent,
     sum(r.spent) AS spent_sum,
     count(r.remaining) AS n_remaining,
     sum(r.remaining) AS remaining_sum,
     collect(DISTINCT r.as_of) AS dates,
     collect(DISTINCT f.name) AS funder_names,
     collect(r.citations) AS cites
// totals are rounded to pence (HALF_UP), so that adding up never shows float noise
RETURN t.name AS recipient,
       period,
       allocations,
       round(allocated, 2) AS allocated,
       CASE WHEN n_spent = allocations THEN round(spent_sum, 2) END AS spent,
       CASE WHEN n_remaining = allocations THEN round(remaining_sum, 2)
            WHEN n_spent = allocations THEN round(allocated - spent_sum, 2) END AS remaining,
       CASE WHEN n_remaining = allocations THEN 'stated'
            WHEN n_spent = allocations THEN 'derived' END AS remaining_basis,
       reduce(s = [], x IN dates | [y IN s WHERE y < x] + [x] + [y IN s WHERE y >= x]) AS as_of,
       reduce(s = [], x IN funder_names | [y IN s WHERE y < x] + [x] + [y IN s WHERE y >= x]) AS funders,
       reduce(acc = [], c IN cites | acc + coalesce(c, [])) AS citations
ORDER BY recipient, period
