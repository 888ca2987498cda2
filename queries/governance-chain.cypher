// title: Governance chain upward
// description: The chain of accountability above a body, level by level, to the top: bodies it
// description: REPORTS_TO or is PART_OF, and bodies that OVERSEE, SCRUTINISE or HOLD it TO ACCOUNT
// description: (for those three the actor is the upper end), and boards it sits on as a member
// description: (a board MEMBER_OF a parent board, e.g. a district's Community Safety Partnership on a
// description: county board: via is 'membership'; a governance line's via is 'line'). One row per
// description: line, at the first level where it is reached (up to 8 levels), with its citation.
// param body: the body or person to start from, by name, alias or id (example: Charnwood CSP)
// CHAIN_TYPES: the governance lines of kg/schema/relationships.yaml with chain: true, and
// CHAIN_UPPER_END: those whose end is the upper one (filled in when the query is loaded)
// the entity: candidates from the TEXT index on the lookup keys (see kg.store.neo4j), then
// the exact rule, name, id or any alias equal ignoring case
MATCH (b:_KgNode)
WHERE b._keys CONTAINS '\u001f' + toLower($body) + '\u001f'
  AND NOT b:Document
  AND (toLower(b.name) = toLower($body) OR toLower(b.id) = toLower($body)
       OR any(a IN coalesce(b.aliases, []) WHERE toLower(a) = toLower($body)))
// a line's level is one more than the distance of its lower end: one breadth-first search
// (SHORTEST over a quantified path pattern, Neo4j 5.21+) finds every distance within reach. Each
// step is checked to point upward as it is expanded, so the search never wanders down or sideways
MATCH p = ANY SHORTEST (b) ((l)-[s:%CHAIN_TYPES%|MEMBER_OF]-(u)
               WHERE CASE WHEN type(s) IN [%CHAIN_UPPER_END%] THEN startNode(s) = l
                          WHEN type(s) = 'MEMBER_OF' THEN startNode(s) = l AND l:Board AND u:Board
                          ELSE endNode(s) = l END){0,7} (lower)
MATCH (lower)-[r:%CHAIN_TYPES%|MEMBER_OF]-(upper)
WHERE CASE WHEN type(r) IN [%CHAIN_UPPER_END%] THEN startNode(r) = lower
           WHEN type(r) = 'MEMBER_OF' THEN startNode(r) = lower AND lower:Board AND upper:Board
           ELSE endNode(r) = lower END
WITH b, r, lower, upper, length(p) + 1 AS level
RETURN b.name AS body,
       level,
       lower.name AS lower,
       type(r) AS relation,
       upper.name AS upper,
       CASE type(r) WHEN 'MEMBER_OF' THEN 'membership' ELSE 'line' END AS via,
       r.status AS status,
       r.citations AS citations
ORDER BY body, level, lower, relation, upper
