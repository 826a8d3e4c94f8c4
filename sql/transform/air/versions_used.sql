-- transform (air): mark standard versions as used (they have results, so a
-- later change of their CSV rows needs AcceptStandardChange). ? 1 = the
-- versions, a list of text ('common' and the versions of the computed
-- batches).
UPDATE std_version_hash SET used = true WHERE version IN (SELECT unnest(CAST(? AS VARCHAR[])));
