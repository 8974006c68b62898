import { ARENA } from './arena.js';
import { EXPANSE } from './expanse.js';
import type { ArenaMap } from './types.js';

/**
 * Every map a room can be created on, by id. `arena-1` (2000 x 1200) is the default and fits inside one
 * player's view; `expanse` (8000 x 4800) is where interest management matters.
 */
export const MAP_IDS = ['arena-1', 'expanse'] as const;
export type MapId = (typeof MAP_IDS)[number];

export const MAPS: Readonly<Record<MapId, ArenaMap>> = {
  'arena-1': ARENA,
  expanse: EXPANSE,
};

/** The map of a room, by id; the default arena for an unknown id. */
export function mapById(id: string): ArenaMap {
  return Object.hasOwn(MAPS, id) ? MAPS[id as MapId] : ARENA;
}
