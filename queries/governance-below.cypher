// title: Governance chain downward
// description: Who answers to a body, level by level, to the bottom: bodies that REPORT_TO it or are
// description: PART_OF it, bodies it OVERSEES, SCRUTINISES or HOLDS TO ACCOUNT, and boards that sit on
// description: it as members (via 'membership'; a governance line's via is 'line'). One row per
// description: line, at the first level where it is reached (up to 8 levels), with its citation.
// param body: the body, office or person to start from, by name, alias or id (example: Leicestershire and Rutland Safer Communities Strategy Board)
// CHAIN_TYPES: the governance lines of kg/schema/relationships.yaml with chain: true, and
// CHAIN_UPPER_END: those whose end is the upper one (filled in when the query is loaded)
// the entity: candidates from the TEXT index on the lookup keys (see kg.store.neo4j), then
// the exact rule, name, id or any alias equal ignoring case
MATCH (b:_KgNode)
WHERE b._keys CONTAINS '\u001f' + toLower($body) + '\u001f'
  AND NOT b:Document
  AND (toLower(b.name) = toLower($body) OR toLower(b.id) = toLower($body)
       OR any(a IN coalesce(b.aliases, []) WHERE toLower(a) = toLower($body)))
// the mirror of governance-chain: each step is checked to point downward as it is expanded
MATCH p = ANY SHORTEST (b) ((u)-[s:%CHAIN_TYPES%|MEMBER_OF]-(l)
               WHERE CASE WHEN type(s) IN [%CHAIN_UPPER_END%] THEN endNode(s) = u
                          WHEN type(s) = 'MEMBER_OF' THEN endNode(s) = u AND u:Board AND l:Board
                          ELSE startNode(s) = u END){0,7} (upper)
MATCH (upper)-[r:%CHAIN_TYPES%|MEMBER_OF]-(lower)
WHERE CASE WHEN type(r) IN [%CHAIN_UPPER_END%] THEN endNode(r) = upper
           WHEN type(r) = 'MEMBER_OF' THEN endNode(r) = upper AND upper:Board AND lower:Board
           ELSE startNode(r) = upper END
WITH b, r, lower, upper, length(p) + 1 AS level
RETURN b.name AS body,
       level,
       upper.name AS upper,
       type(r) AS relation,
       lower.name AS lower,
       CASE type(r) WHEN 'MEMBER_OF' THEN 'membership' ELSE 'line' END AS via,
       r.status AS status,
       r.citations AS citations
ORDER BY body, level, upper, relation, lower
