/**
 * Lua scripts for the caps that hold across nodes (MAX_PLAYERS, MAX_CONNECTIONS_PER_IP). Each admission is
 * one script: it adds up the other nodes' counts and writes this node's new count in the same atomic step,
 * so two nodes admitting at the same moment cannot both take the last slot.
 *
 * Every node keeps its own count (a key per node, with the node record's TTL), never a shared counter:
 * a shared INCR/DECR counter would keep a dead node's players for ever, while a per-node key simply expires
 * with its node. The scripts read the live node ids from the node set and derive the per-node keys from
 * them; that is fine on one Redis (the set-up this project supports) but would not be on Redis Cluster,
 * where a script may only touch the keys it is given.
 */

/**
 * Admit one more socket from an IP. KEYS[1]: the node set. ARGV[1]: this node's id, ARGV[2]: the IP,
 * ARGV[3]: this node's sockets from that IP with the new one, ARGV[4]: the cap, ARGV[5]: TTL ms,
 * ARGV[6]: the prefix of the per-node IP hashes. Returns `{admitted (1|0), sockets across nodes}`; on
 * admission this node's count is written (and the hash's TTL renewed).
 */
export const ADMIT_IP = `
local others = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if id ~= ARGV[1] then
    others = others + (tonumber(redis.call('HGET', ARGV[6] .. id, ARGV[2])) or 0)
  end
end
local total = others + tonumber(ARGV[3])
if total > tonumber(ARGV[4]) then
  return {0, total - 1}
end
local own = ARGV[6] .. ARGV[1]
redis.call('HSET', own, ARGV[2], ARGV[3])
redis.call('PEXPIRE', own, ARGV[5])
return {1, total}
`;

/**
 * Publish this node's count of sockets from one IP (after a disconnect). KEYS[1]: this node's IP hash.
 * ARGV[1]: the IP, ARGV[2]: the count (0 removes the field), ARGV[3]: TTL ms. The TTL is set here too, so
 * a hash created by this write cannot outlive a node killed before its next heartbeat.
 */
export const SET_IP_COUNT = `
if tonumber(ARGV[2]) > 0 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
else
  redis.call('HDEL', KEYS[1], ARGV[1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

/**
 * Reserve a seat under MAX_PLAYERS. KEYS[1]: the node set. ARGV[1]: this node's id, ARGV[2]: this node's
 * players with the new one, ARGV[3]: the cap, ARGV[4]: TTL ms, ARGV[5]: the prefix of the per-node player
 * counts. Returns `{admitted (1|0), players across nodes}`; on admission this node's count is written.
 */
export const RESERVE_SEAT = `
local others = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if id ~= ARGV[1] then
    others = others + (tonumber(redis.call('GET', ARGV[5] .. id)) or 0)
  end
end
local total = others + tonumber(ARGV[2])
if total > tonumber(ARGV[3]) then
  return {0, total - 1}
end
redis.call('SET', ARGV[5] .. ARGV[1], ARGV[2], 'PX', ARGV[4])
return {1, total}
`;
