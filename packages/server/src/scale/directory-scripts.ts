/**
 * Lua scripts for the room directory. Each runs atomically in Redis, which is what makes a code unique
 * across nodes: two nodes claiming the same code cannot both see it free.
 */

/**
 * Claim or renew room codes for a node. KEYS: room keys; ARGV[1]: node id, ARGV[2]: TTL ms. A key that is
 * free or already this node's is (re)set with the TTL; a key held by another node is left alone. Returns
 * the 1-based indexes of the keys that another node holds, so one call renews every room of a node.
 */
export const CLAIM_ROOMS = `
local lost = {}
for i, key in ipairs(KEYS) do
  local owner = redis.call('GET', key)
  if owner == false or owner == ARGV[1] then
    redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
  else
    table.insert(lost, i)
  end
end
return lost
`;

/** Remove room keys that this node (ARGV[1]) holds; another node's entry under the same key stays. */
export const RELEASE_ROOMS = `
local n = 0
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('DEL', key)
    n = n + 1
  end
end
return n
`;
