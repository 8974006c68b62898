import type { ClientFrame } from '../replication/types.js';
import { Quanta, aimToSteps } from '../sim/quanta.js';

/**
 * FNV-1a, 32 bits, over the integer grid representation of a frame: what the server expects a client to
 * hold after decoding. Both sides hash the same integers (position and aim steps, not floats), so a frame
 * that decoded exactly hashes equal on every platform. Pure, and allocates nothing.
 *
 * Hashed, in order: tick; round number, phase, endTick, winner; player count, then per player id, x steps,
 * y steps, aim steps, hp, flags (alive 1, protected 2); then 0 for no owner, or 1, lastSeq, cooldownTicks,
 * respawnTicks. Each integer goes in as its 4 little-endian bytes (two's complement for -1).
 */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function mix(h: number, v: number): number {
  let x = h;
  const n = v | 0;
  x = Math.imul(x ^ (n & 0xff), FNV_PRIME);
  x = Math.imul(x ^ ((n >>> 8) & 0xff), FNV_PRIME);
  x = Math.imul(x ^ ((n >>> 16) & 0xff), FNV_PRIME);
  return Math.imul(x ^ (n >>> 24), FNV_PRIME);
}

export function hashClientFrame(frame: ClientFrame): number {
  let h = FNV_OFFSET;
  h = mix(h, frame.tick);
  const r = frame.round;
  h = mix(mix(mix(mix(h, r.number), r.phase), r.endTick), r.winner);
  h = mix(h, frame.players.length);
  for (const p of frame.players) {
    h = mix(h, p.id);
    h = mix(h, Math.round(p.x * Quanta.POSITION));
    h = mix(h, Math.round(p.y * Quanta.POSITION));
    h = mix(h, aimToSteps(p.aim));
    h = mix(h, p.hp);
    h = mix(h, (p.alive ? 1 : 0) | (p.protected ? 2 : 0));
  }
  const o = frame.owner;
  h = o ? mix(mix(mix(mix(h, 1), o.lastSeq), o.cooldownTicks), o.respawnTicks) : mix(h, 0);
  return h >>> 0;
}
