import { Limits } from '@tick-arena/common';
import { Type, type Static } from 'typebox';
import type { BotBehaviour } from '../bot/bot-behaviours.js';

/**
 * The scenario file, as a TypeBox schema: the validator, the TypeScript type and the table in
 * docs/loadtest.md (`schema-doc.ts`) all come from this one description. Closed objects, bounded numbers:
 * a typo is an error with its JSON path, never a silently ignored key.
 */

const closed = { additionalProperties: false } as const;
const Seconds = (description: string, extra: object = {}) =>
  Type.Number({ exclusiveMinimum: 0, maximum: 86_400, description, ...extra });
const Weight = (description: string) =>
  Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000, description }));

export const PHASE_KINDS = ['ramp', 'hold', 'spike', 'drain'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

export const ScenarioPhase = Type.Object(
  {
    kind: Type.Enum([...PHASE_KINDS], {
      description:
        '`ramp`: change to `clients` evenly over `duration`; `hold`: keep the clients for `duration`; ' +
        '`spike`: add up to `clients` within `rise`, stay there for the rest of `duration`; ' +
        '`drain`: remove bots evenly down to `clients` over `duration`',
    }),
    duration: Seconds('seconds the phase lasts; each phase is one measured window'),
    clients: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 100_000,
        description:
          'bots at the end of the phase: required for `ramp` and `spike`, `drain` defaults to 0, not for `hold`',
      }),
    ),
    rise: Type.Optional(Seconds("`spike` only: seconds to add the spike's bots", { default: 1 })),
  },
  closed,
);

export const ScenarioRoomKind = Type.Object(
  {
    weight: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 1_000_000,
        default: 1,
        description: 'share of new rooms of this kind (rooms are made in this proportion, in a fixed order)',
      }),
    ),
    size: Type.Optional(
      Type.Integer({
        minimum: Limits.MIN_PLAYERS,
        maximum: Limits.MAX_PLAYERS,
        default: 16,
        description: 'seats (`maxPlayers`); bots fill a room before the next one is made',
      }),
    ),
    tickRate: Type.Optional(
      Type.Integer({
        minimum: Limits.MIN_TICK_RATE,
        maximum: Limits.MAX_TICK_RATE,
        default: 30,
        description: 'tick rate, Hz',
      }),
    ),
    snapshotEvery: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 8,
        description: "a snapshot every Nth tick (default: the server's)",
      }),
    ),
    bots: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: Limits.MAX_BOTS,
        default: 0,
        description: "the server's own AI players in the room (each gives its seat up to a joining bot)",
      }),
    ),
  },
  closed,
);

export const ScenarioBehaviours = Type.Object(
  {
    idle: Weight('stand still, aim one way, never fire (an AFK player; still one input per tick)'),
    walker: Weight('walk and sweep the aim, never fire'),
    fighter: Weight('walk, sweep the aim, fire in bursts (the default bot)'),
    reconnecting: Weight(
      'a fighter that drops its connection every `reconnectEverySeconds` and resumes its seat with its token',
    ),
  },
  {
    ...closed,
    description:
      'weights of the bot behaviours (bots get them in this proportion, in a fixed order); default: all fighters',
  },
);

export const ScenarioFile = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: "ignored: room for an editor's schema link" })),
    name: Type.String({ minLength: 1, maxLength: 80, description: 'shown in the report' }),
    description: Type.Optional(Type.String({ maxLength: 1000, description: 'shown in the report' })),
    rooms: Type.Array(ScenarioRoomKind, {
      minItems: 1,
      maxItems: 32,
      description: 'the room mix: kinds of room the bots are seated in',
    }),
    behaviours: Type.Optional(ScenarioBehaviours),
    reconnectEverySeconds: Type.Optional(
      Seconds('how often a `reconnecting` bot drops its connection (each at its own phase)', { default: 30 }),
    ),
    phases: Type.Array(ScenarioPhase, { minItems: 1, maxItems: 100, description: 'run one after another' }),
  },
  closed,
);
export type ScenarioFile = Static<typeof ScenarioFile>;

/** A room kind with its defaults filled in. */
export interface RoomKind {
  weight: number;
  size: number;
  tickRate: number;
  snapshotEvery: number | undefined;
  bots: number;
}

/** A phase with its target worked out. */
export interface Phase {
  kind: PhaseKind;
  durationSeconds: number;
  /** Active bots at the end of the phase. */
  clients: number;
  /** Spike only: seconds to add its bots. */
  riseSeconds: number;
}

/** A validated scenario, defaults filled in: what the runner plays. */
export interface Scenario {
  name: string;
  description: string | null;
  rooms: RoomKind[];
  /** Weight per behaviour (those not given are 0; none given: all fighters). */
  behaviours: Record<BotBehaviour, number>;
  reconnectEverySeconds: number;
  phases: Phase[];
}
