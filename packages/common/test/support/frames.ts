import fc from 'fast-check';
import {
  RoundPhase,
  WireBounds,
  aimFromSteps,
  type ClientFrame,
  type NetPlayer,
  type NetRound,
  type OwnerFields,
  type SimEvent,
} from '../../src/index.js';

/** Values on their grids, built from the integers the wire carries. */
export const position = (steps: number): number => steps / 16;
const POSITION_STEPS = 2 ** WireBounds.POSITION_BITS;

export const arbPositionSteps = fc.integer({ min: 0, max: POSITION_STEPS - 1 });
export const arbPosition = arbPositionSteps.map(position);
export const arbAimSteps = fc.integer({ min: -1024, max: 1023 });
export const arbAim = arbAimSteps.map(aimFromSteps);
export const arbPlayerId = fc.integer({ min: 1, max: WireBounds.MAX_PLAYER_ID });
export const arbIdOrNone = fc.oneof(fc.constant(-1), arbPlayerId);
export const arbRoundNumber = fc.integer({ min: 1, max: WireBounds.MAX_ROUND });

export function netPlayer(id: number, fields: Partial<Omit<NetPlayer, 'id'>> = {}): NetPlayer {
  return { id, x: 100, y: 200, aim: 0, hp: 100, alive: true, protected: false, ...fields };
}

export const arbPlayerFields = fc.record({
  x: arbPosition,
  y: arbPosition,
  aim: arbAim,
  hp: fc.integer({ min: 0, max: 255 }),
  alive: fc.boolean(),
  protected: fc.boolean(),
});

/** Players with unique ids, ascending. */
export const arbPlayers = (maxLength = 20): fc.Arbitrary<NetPlayer[]> =>
  fc
    .uniqueArray(fc.tuple(arbPlayerId, arbPlayerFields), { maxLength, selector: ([id]) => id })
    .map((list) => list.map(([id, f]) => ({ id, ...f })).sort((a, b) => a.id - b.id));

export const arbRound: fc.Arbitrary<NetRound> = fc.record({
  number: arbRoundNumber,
  phase: fc.constantFrom(RoundPhase.PLAYING, RoundPhase.ENDED),
  endTick: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: WireBounds.MAX_TICK - 1 })),
  winner: arbIdOrNone,
});

export const arbOwner: fc.Arbitrary<OwnerFields | null> = fc.option(
  fc.record({
    lastSeq: fc.integer({ min: -1, max: WireBounds.MAX_SEQ }),
    cooldownTicks: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: WireBounds.MAX_TIMER_TICKS })),
    respawnTicks: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: WireBounds.MAX_TIMER_TICKS })),
  }),
);

/** serverTime on its 0.1 ms grid. */
export const arbServerTime = fc.integer({ min: 0, max: 2 ** 48 - 1 }).map((tenths) => tenths / 10);

export const arbFrame: fc.Arbitrary<ClientFrame> = fc.record({
  tick: fc.integer({ min: 0, max: WireBounds.MAX_TICK }),
  serverTime: arbServerTime,
  players: arbPlayers(),
  round: arbRound,
  owner: arbOwner,
});

const clampSteps = (s: number) => Math.min(POSITION_STEPS - 1, Math.max(0, s));

/** How a baseline player fares in the next frame. */
const arbPlayerFate = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'removed' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'same' as const }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('moved' as const),
      dx: fc.oneof(
        fc.constant(0),
        fc.integer({ min: -300, max: 300 }),
        fc.integer({ min: -4000, max: 4000 }),
      ),
      dy: fc.oneof(
        fc.constant(0),
        fc.integer({ min: -300, max: 300 }),
        fc.integer({ min: -4000, max: 4000 }),
      ),
      teleport: fc.option(fc.tuple(arbPositionSteps, arbPositionSteps), { freq: 8 }),
      daim: fc.oneof(
        fc.constant(0),
        fc.integer({ min: -40, max: 40 }),
        fc.integer({ min: -1024, max: 1023 }),
      ),
      rare: fc.option(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.boolean(), fc.boolean()), { freq: 3 }),
    }),
  },
);

interface MoveFate {
  dx: number;
  dy: number;
  teleport: [number, number] | null;
  daim: number;
  rare: [number, boolean, boolean] | null;
}

function moved(p: NetPlayer, f: MoveFate): NetPlayer {
  const [x, y] = f.teleport
    ? [position(f.teleport[0]), position(f.teleport[1])]
    : [position(clampSteps(p.x * 16 + f.dx)), position(clampSteps(p.y * 16 + f.dy))];
  const aimSteps = Math.round(p.aim / ((2 * Math.PI) / 2048)) + f.daim;
  const aim = aimFromSteps(((((aimSteps + 1024) % 2048) + 2048) % 2048) - 1024);
  const [hp, alive, prot] = f.rare ?? [p.hp, p.alive, p.protected];
  return { id: p.id, x, y, aim, hp, alive, protected: prot };
}

/**
 * A frame derived from `base` as the next snapshot would be: later tick and time, some players moved (by
 * small steps, large ones or teleports), some unchanged (the very same objects), some removed, some added.
 */
export function arbNextFrame(base: ClientFrame): fc.Arbitrary<ClientFrame> {
  const taken = new Set(base.players.map((p) => p.id));
  return fc
    .record({
      fates: fc.array(arbPlayerFate, { minLength: base.players.length, maxLength: base.players.length }),
      added: arbPlayers(6).map((ps) => ps.filter((p) => !taken.has(p.id))),
      ticks: fc.integer({ min: 1, max: 300 }),
      tenths: fc.integer({ min: -50, max: 100_000 }),
      round: fc.option(arbRound, { freq: 4 }),
      owner: fc.oneof(arbOwner, fc.constant('similar' as const)),
    })
    .filter(
      ({ ticks, tenths }) => base.tick + ticks <= WireBounds.MAX_TICK && base.serverTime * 10 + tenths >= 0,
    )
    .map(({ fates, added, ticks, tenths, round, owner }) => {
      const kept: NetPlayer[] = [];
      base.players.forEach((p, i) => {
        const fate = fates[i];
        if (!fate || fate.kind === 'removed') return;
        kept.push(fate.kind === 'same' ? p : moved(p, fate));
      });
      const players = [...kept, ...added].sort((a, b) => a.id - b.id);
      const tenthsNow = Math.round(base.serverTime * 10) + tenths;
      const nextOwner =
        owner === 'similar'
          ? base.owner && {
              lastSeq: Math.min(WireBounds.MAX_SEQ, base.owner.lastSeq + 1),
              cooldownTicks: Math.max(0, base.owner.cooldownTicks - 1),
              respawnTicks: base.owner.respawnTicks,
            }
          : owner;
      return {
        tick: base.tick + ticks,
        serverTime: Math.min(2 ** 48 - 1, tenthsNow) / 10,
        players,
        round: round ?? base.round,
        owner: nextOwner,
      };
    });
}

/** Valid events for a frame: shots from its players' positions or elsewhere, and every other kind. */
export function arbEvents(players: readonly NetPlayer[]): fc.Arbitrary<SimEvent[]> {
  const origin =
    players.length > 0
      ? fc.oneof(
          fc.constantFrom(...players).map((p) => ({ shooter: p.id, x1: p.x, y1: p.y })),
          fc.record({ shooter: arbPlayerId, x1: arbPosition, y1: arbPosition }),
        )
      : fc.record({ shooter: arbPlayerId, x1: arbPosition, y1: arbPosition });
  const end = (from: number) =>
    fc.oneof(
      fc.integer({ min: -2048, max: 2047 }).map((d) => Math.round(from) + d),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    );
  const shot: fc.Arbitrary<SimEvent> = origin.chain((o) =>
    fc
      .record({ x2: end(o.x1), y2: end(o.y1), hit: arbIdOrNone })
      .map((e) => ({ type: 'shot' as const, ...o, ...e })),
  );
  const event: fc.Arbitrary<SimEvent> = fc.oneof(
    shot,
    fc.record({
      type: fc.constant('damage' as const),
      target: arbPlayerId,
      by: arbPlayerId,
      amount: fc.integer({ min: 0, max: 255 }),
    }),
    fc.record({ type: fc.constant('kill' as const), killer: arbIdOrNone, victim: arbPlayerId }),
    fc.record({ type: fc.constant('spawn' as const), id: arbPlayerId, x: arbPosition, y: arbPosition }),
    fc.record({ type: fc.constant('round-end' as const), winner: arbIdOrNone, round: arbRoundNumber }),
    fc.record({ type: fc.constant('round-start' as const), round: arbRoundNumber }),
  );
  return fc.array(event, { maxLength: 12 });
}
