import {
  ARENA,
  addPlayer,
  createGameState,
  nextRandom,
  quantizeAim,
  quantizeAxis,
  step,
  type ClientFrame,
  type GameState,
  type NetPlayer,
  type PlayerId,
  type SimEvent,
  type SimInput,
} from '../../src/index.js';

/** One simulated tick as a client would be sent it: the frame and the events of that step. */
export interface RoomTick {
  readonly frame: ClientFrame;
  readonly events: readonly SimEvent[];
}

export interface ArenaRoomOptions {
  players: number;
  ticks: number;
  tickRate: number;
  seed: number;
  /** Chance per player per tick of pulling the trigger (the laser's cooldown limits it further). */
  fireChance: number;
  /** Largest change of heading per tick, radians (the random walk). */
  turnPerTick: number;
  /** Fastest aim sweep, radians per second. */
  aimSpeed: number;
}

export const DEFAULT_ROOM: ArenaRoomOptions = {
  players: 16,
  ticks: 900,
  tickRate: 30,
  seed: 7,
  fireChance: 1 / 30,
  turnPerTick: 0.5,
  aimSpeed: 2,
};

/** Whole ticks left on a timer (Math.max turns the -0 of `ceil(-1e-9)` into 0). */
function ticksLeft(seconds: number, tickRate: number): number {
  return Math.max(0, Math.ceil(seconds * tickRate - 1e-9));
}

const SERVER_EPOCH_MS = 1_767_225_600_000;

/** The replicated view of one player, as the server's replicator builds it. */
export function netPlayerOf(p: GameState['players'][number]): NetPlayer {
  return { id: p.id, x: p.x, y: p.y, aim: p.aim, hp: p.hp, alive: p.alive, protected: p.protectedFor > 0 };
}

/**
 * A busy room run through the real simulation: every player walks at full speed in a randomly drifting
 * direction (bouncing off walls as the simulation resolves them), sweeps its aim towards the nearest enemy
 * at up to `aimSpeed` rad/s and fires now and then. Returns the frames player 1 would be sent every tick.
 */
export function simulateArenaRoom(options: Partial<ArenaRoomOptions> = {}): RoomTick[] {
  const o = { ...DEFAULT_ROOM, ...options };
  const dt = 1 / o.tickRate;
  let state = createGameState({ seed: o.seed, killLimit: 0, roundSeconds: 0 });
  for (let id = 1; id <= o.players; id++) state = addPlayer(state, id, ARENA);
  let rng = o.seed * 7919 + 1;
  const random = (): number => {
    const [v, next] = nextRandom(rng);
    rng = next;
    return v;
  };
  const heading = new Map<PlayerId, number>(state.players.map((p) => [p.id, random() * 2 * Math.PI]));
  const out: RoomTick[] = [];
  for (let t = 0; t < o.ticks; t++) {
    const inputs = new Map<PlayerId, SimInput>();
    for (const p of state.players) {
      const h = (heading.get(p.id) ?? 0) + (random() - 0.5) * 2 * o.turnPerTick;
      heading.set(p.id, h);
      let nearest: { x: number; y: number } | undefined;
      let best = Infinity;
      for (const q of state.players) {
        const d = (q.x - p.x) ** 2 + (q.y - p.y) ** 2;
        if (q.id !== p.id && q.alive && d < best) [best, nearest] = [d, q];
      }
      const want = nearest ? Math.atan2(nearest.y - p.y, nearest.x - p.x) : p.aim;
      const turn = Math.atan2(Math.sin(want - p.aim), Math.cos(want - p.aim));
      const maxTurn = o.aimSpeed * dt;
      const aim = quantizeAim(p.aim + Math.max(-maxTurn, Math.min(maxTurn, turn)));
      inputs.set(p.id, {
        seq: p.lastSeq + 1,
        mx: quantizeAxis(Math.cos(h)),
        my: quantizeAxis(Math.sin(h)),
        aim,
        fire: random() < o.fireChance,
      });
    }
    state = step(state, inputs, dt);
    const me = state.players.find((p) => p.id === 1);
    const frame: ClientFrame = {
      tick: state.tick,
      serverTime: Math.round((SERVER_EPOCH_MS + (state.tick * 1000) / o.tickRate) * 10) / 10,
      players: state.players.map(netPlayerOf),
      round: {
        number: state.round.number,
        phase: state.round.phase,
        endTick: -1,
        winner: state.round.winner,
      },
      owner: me
        ? {
            lastSeq: me.lastSeq,
            cooldownTicks: ticksLeft(me.cooldown, o.tickRate),
            respawnTicks: me.alive ? 0 : ticksLeft(me.respawnIn, o.tickRate),
          }
        : null,
    };
    out.push({ frame, events: state.events });
  }
  return out;
}
