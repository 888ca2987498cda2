// title: Allocated, spent and remaining
// description: Per recipient and period: how many FUNDS lines with an amount, the total allocated,
// description: the total spent and remaining (remaining as stated on every line, else allocated
// description: minus spent; empty when the papers do not say for every line), the funders and the
// description: citations. Totals are rounded to pence. Lines marked deleted are left out.
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
       reduce(s = [], x IN funder_names | [y IN s WHERE y < x] + [x] + [y IN s WHERE y >= x]) AS funders,
       reduce(acc = [], c IN cites | acc + coalesce(c, [])) AS citations
ORDER BY recipient, period
