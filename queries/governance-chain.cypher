// title: Governance chain upward
// description: The chain of accountability above a body, level by level, to the top: bodies it
// description: REPORTS_TO or is PART_OF, and bodies that OVERSEE, SCRUTINISE or HOLD it TO ACCOUNT
// description: (for those three the actor is the upper end). One row per governance line, at the
// description: first level where it is reached (up to 8 levels), with its citation.
// param body: the body or person to start from, by name, alias or id (example: Eastvale Community Safety Partnership)
MATCH (b)
WHERE NOT b:Document
  AND (toLower(b.name) = toLower($body) OR toLower(b.id) = toLower($body)
       OR any(a IN coalesce(b.aliases, []) WHERE toLower(a) = toLower($body)))
// a quantified path pattern (Neo4j 5.9+): each step is checked to point upward as it is
// expanded, so the search never wanders down or sideways through a busy body
MATCH p = (b) ((l)-[r:REPORTS_TO|PART_OF|OVERSEES|SCRUTINISES|HOLDS_TO_ACCOUNT]-(u)
               WHERE CASE WHEN type(r) IN ['REPORTS_TO', 'PART_OF'] THEN startNode(r) = l
                          ELSE endNode(r) = l END){1,8} (upper)
WITH b, last(relationships(p)) AS r, nodes(p)[length(p) - 1] AS lower, upper, min(length(p)) AS level
RETURN b.name AS body,
       level,
       lower.name AS lower,
       type(r) AS relation,
       upper.name AS upper,
       r.status AS status,
       r.citations AS citations
ORDER BY body, level, lower, relation, upper
