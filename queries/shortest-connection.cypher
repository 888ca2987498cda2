// title: Shortest connection between two entities
// description: The shortest chain of relationships (either direction, any type paths may follow, up
// description: to 10 steps) between two entities. When several are equally short, the one whose node
// description: ids, then relationship ids, joined in order, sort first is chosen, on either store.
// description: Returns the number of steps, the names along it, each step's type, direction
// description: (forward when the step points along the path) and first citation.
// param source: one entity, by name, alias or id (example: Kevin Loydall)
// param target: the other entity, by name, alias or id (example: Sajan Devshi)
// each entity: candidates from the TEXT index on the lookup keys (see kg.store.neo4j), then
// the exact rule, name, id or any alias equal ignoring case
MATCH (a:_KgNode)
WHERE a._keys CONTAINS '\u001f' + toLower($source) + '\u001f'
  AND NOT a:Document
  AND (toLower(a.name) = toLower($source) OR toLower(a.id) = toLower($source)
       OR any(x IN coalesce(a.aliases, []) WHERE toLower(x) = toLower($source)))
MATCH (b:_KgNode)
WHERE b._keys CONTAINS '\u001f' + toLower($target) + '\u001f'
  AND NOT b:Document
  AND (toLower(b.name) = toLower($target) OR toLower(b.id) = toLower($target)
       OR any(x IN coalesce(b.aliases, []) WHERE toLower(x) = toLower($target)))
WITH a, b
WHERE a <> b
// PATH_TYPES: every type whose `paths` is true in kg/schema/relationships.yaml, filled in when
// the query is loaded (a type list in a pattern cannot be a parameter)
MATCH p = allShortestPaths((a)-[:%PATH_TYPES%*..10]-(b))
WITH p, length(p) AS hops,
     reduce(k = '', n IN nodes(p) | k + n.id + ' ') AS node_key,
     reduce(k = '', r IN relationships(p) | k + r.id + ' ') AS rel_key
ORDER BY hops, node_key, rel_key
LIMIT 1
RETURN hops,
       [n IN nodes(p) | n.name] AS names,
       [r IN relationships(p) | type(r)] AS relations,
       [i IN range(0, hops - 1) |
        CASE WHEN startNode(relationships(p)[i]) = nodes(p)[i] THEN 'forward' ELSE 'backward' END] AS directions,
       [r IN relationships(p) | coalesce(r.citations[0], '')] AS citations
