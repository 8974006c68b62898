import type { RedisClientType } from 'redis';
import { AgentKeys, AgentTiming, type AgentRecord } from './protocol.js';

/**
 * The agents waiting on one Redis: a set of ids plus one record per agent that expires unless the agent
 * renews it every heartbeat (the layout of the game servers' node registry). An agent that dies without a
 * word drops out within RECORD_TTL_MS; its id is pruned from the set by the next reader.
 */

function parseRecord(raw: string | null): AgentRecord | null {
  if (raw === null) return null;
  try {
    const r = JSON.parse(raw) as Partial<AgentRecord>;
    if (typeof r.id !== 'string' || typeof r.name !== 'string' || (r.state !== 'idle' && r.state !== 'busy'))
      return null;
    return r as AgentRecord;
  } catch {
    return null;
  }
}

/**
 * Write (or renew) an agent's record. With `onlyIfNew`, refuse when a live record of that id exists and
 * return it instead (two agents started with the same --name).
 */
export async function registerAgent(
  client: RedisClientType,
  record: AgentRecord,
  onlyIfNew = false,
): Promise<AgentRecord | null> {
  const key = AgentKeys.record(record.id);
  const set = await client.set(key, JSON.stringify(record), {
    ...(onlyIfNew ? { condition: 'NX' as const } : {}),
    expiration: { type: 'PX', value: AgentTiming.RECORD_TTL_MS },
  });
  if (set !== 'OK') return parseRecord(await client.get(key));
  await client.sAdd(AgentKeys.REGISTRY, record.id);
  return null;
}

export async function unregisterAgent(client: RedisClientType, id: string): Promise<void> {
  await client.del(AgentKeys.record(id));
  await client.sRem(AgentKeys.REGISTRY, id);
}

/** Every live agent, sorted by name; ids whose record expired are removed from the set. */
export async function listAgents(client: RedisClientType): Promise<AgentRecord[]> {
  const ids = await client.sMembers(AgentKeys.REGISTRY);
  if (ids.length === 0) return [];
  const raws = await client.mGet(ids.map(AgentKeys.record));
  const out: AgentRecord[] = [];
  const gone: string[] = [];
  ids.forEach((id, i) => {
    const r = parseRecord(raws[i] ?? null);
    if (r) out.push(r);
    else gone.push(id);
  });
  if (gone.length > 0) await client.sRem(AgentKeys.REGISTRY, gone);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
