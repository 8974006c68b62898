import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import {
  ChatRequest,
  CreateRoomRequest,
  InputPacket,
  JoinRoomRequest,
  Limits,
  QuickPlayRequest,
  ROOM_CODE_ALPHABET,
  ResumeRequest,
  TimeSyncRequest,
} from '../../src/index.js';

const input = Compile(InputPacket);
const createRoom = Compile(CreateRoomRequest);
const joinRoom = Compile(JoinRoomRequest);

/** What the server actually receives: socket.io serialises payloads as JSON. */
function overTheWire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

const goodInput = { seq: 12, mx: 0.5, my: -1, aim: 3.1, fire: true, ack: 40_000, resync: false, view: -1 };

describe('InputPacket schema', () => {
  it('accepts a well-formed input', () => {
    expect(input.Check(goodInput)).toBe(true);
    expect(
      input.Check({
        seq: 0,
        mx: -1,
        my: 1,
        aim: -Math.PI,
        fire: false,
        ack: -1,
        resync: true,
        view: 0xffffff,
      }),
    ).toBe(true);
    expect(
      input.Check({ ...goodInput, seq: Limits.MAX_SEQ, aim: Math.PI - Math.PI / 1024, ack: 0xffff }),
    ).toBe(true);
  });

  for (const field of ['mx', 'my', 'aim'] as const) {
    it(`rejects an input with a NaN ${field}`, () => {
      expect(input.Check({ ...goodInput, [field]: Number.NaN })).toBe(false);
    });

    it(`rejects an input whose ${field} was Infinity before JSON turned it into null`, () => {
      const wire = overTheWire({ ...goodInput, [field]: Number.POSITIVE_INFINITY });
      expect(wire).toMatchObject({ [field]: null });
      expect(input.Check(wire)).toBe(false);
      expect(input.Check({ ...goodInput, [field]: Number.NEGATIVE_INFINITY })).toBe(false);
    });

    it(`rejects an input with a null ${field}`, () => {
      expect(input.Check({ ...goodInput, [field]: null })).toBe(false);
    });

    it(`rejects an input with a string ${field}`, () => {
      expect(input.Check({ ...goodInput, [field]: '0.5' })).toBe(false);
    });

    it(`rejects an input with a huge ${field}`, () => {
      expect(input.Check({ ...goodInput, [field]: 1e308 })).toBe(false);
      expect(input.Check({ ...goodInput, [field]: -1e9 })).toBe(false);
    });
  }

  it('rejects movement components just outside [-1, 1]', () => {
    expect(input.Check({ ...goodInput, mx: 1.000001 })).toBe(false);
    expect(input.Check({ ...goodInput, my: -1.000001 })).toBe(false);
  });

  it('rejects an aim outside [-PI, PI)', () => {
    expect(input.Check({ ...goodInput, aim: Math.PI })).toBe(false);
    expect(input.Check({ ...goodInput, aim: -Math.PI - 1e-9 })).toBe(false);
  });

  it('rejects a view that is not -1 or 24 bits, a missing view and an extra key', () => {
    expect(input.Check({ ...goodInput, view: -2 })).toBe(false);
    expect(input.Check({ ...goodInput, view: 0x1000000 })).toBe(false);
    expect(input.Check({ ...goodInput, view: 0.5 })).toBe(false);
    const { view: _view, ...noView } = goodInput;
    expect(input.Check(noView)).toBe(false);
    expect(input.Check({ ...goodInput, extra: 1 })).toBe(false);
  });

  it('rejects an ack that is not -1 or a 16-bit tick', () => {
    expect(input.Check({ ...goodInput, ack: -2 })).toBe(false);
    expect(input.Check({ ...goodInput, ack: 0x10000 })).toBe(false);
    expect(input.Check({ ...goodInput, ack: 1.5 })).toBe(false);
    expect(input.Check({ ...goodInput, ack: null })).toBe(false);
  });

  it('rejects a resync flag that is not a boolean', () => {
    expect(input.Check({ ...goodInput, resync: 1 })).toBe(false);
  });

  it('rejects an input with an extra field', () => {
    expect(input.Check({ ...goodInput, x: 100 })).toBe(false);
    expect(input.Check({ ...goodInput, hit: 3 })).toBe(false);
  });

  it('rejects an input with a missing field', () => {
    const { fire: _fire, ...noFire } = goodInput;
    expect(input.Check(noFire)).toBe(false);
  });

  it('rejects a seq that is negative, fractional or beyond MAX_SEQ', () => {
    expect(input.Check({ ...goodInput, seq: -1 })).toBe(false);
    expect(input.Check({ ...goodInput, seq: 1.5 })).toBe(false);
    expect(input.Check({ ...goodInput, seq: Limits.MAX_SEQ + 1 })).toBe(false);
    expect(input.Check({ ...goodInput, seq: '12' })).toBe(false);
  });

  it('rejects a fire flag that is not a boolean', () => {
    expect(input.Check({ ...goodInput, fire: 1 })).toBe(false);
    expect(input.Check({ ...goodInput, fire: 'true' })).toBe(false);
  });

  it('rejects payloads that are not objects', () => {
    for (const v of [null, undefined, 'input', 42, [goodInput], true]) expect(input.Check(v)).toBe(false);
  });
});

describe('CreateRoomRequest schema', () => {
  const good = { name: 'Ada', public: true, maxPlayers: 8, tickRate: 30, bots: 2 };

  it('accepts a well-formed request, with or without the optional fields', () => {
    expect(createRoom.Check(good)).toBe(true);
    expect(createRoom.Check({ ...good, snapshotEvery: 2, killLimit: 0, roundSeconds: 0 })).toBe(true);
  });

  it('accepts tick rates at both ends of the allowed range', () => {
    expect(createRoom.Check({ ...good, tickRate: Limits.MIN_TICK_RATE })).toBe(true);
    expect(createRoom.Check({ ...good, tickRate: Limits.MAX_TICK_RATE })).toBe(true);
  });

  it('rejects a tick rate of 9 or 129', () => {
    expect(createRoom.Check({ ...good, tickRate: 9 })).toBe(false);
    expect(createRoom.Check({ ...good, tickRate: 129 })).toBe(false);
  });

  it('rejects a fractional tick rate', () => {
    expect(createRoom.Check({ ...good, tickRate: 30.5 })).toBe(false);
  });

  it('rejects 17 or 0 max players and accepts 16', () => {
    expect(createRoom.Check({ ...good, maxPlayers: 17 })).toBe(false);
    expect(createRoom.Check({ ...good, maxPlayers: 0 })).toBe(false);
    expect(createRoom.Check({ ...good, maxPlayers: 16 })).toBe(true);
  });

  it('rejects more bots than MAX_BOTS', () => {
    expect(createRoom.Check({ ...good, bots: Limits.MAX_BOTS + 1 })).toBe(false);
  });

  it('rejects an empty or overlong name', () => {
    expect(createRoom.Check({ ...good, name: '' })).toBe(false);
    expect(createRoom.Check({ ...good, name: 'x'.repeat(Limits.NAME_MAX + 1) })).toBe(false);
  });

  it('rejects a snapshot interval of 0 and an unknown option', () => {
    expect(createRoom.Check({ ...good, snapshotEvery: 0 })).toBe(false);
    expect(createRoom.Check({ ...good, admin: true })).toBe(false);
  });
});

describe('JoinRoomRequest schema', () => {
  it('accepts a code made of the room-code alphabet', () => {
    expect(joinRoom.Check({ code: 'ABCDEF', name: 'Ada' })).toBe(true);
    expect(joinRoom.Check({ code: '23456Z', name: 'Ada', spectate: true })).toBe(true);
    expect(joinRoom.Check({ code: ROOM_CODE_ALPHABET.slice(0, Limits.ROOM_CODE_LENGTH), name: 'Ada' })).toBe(
      true,
    );
  });

  it('rejects a lowercase code', () => {
    expect(joinRoom.Check({ code: 'abcdef', name: 'Ada' })).toBe(false);
  });

  it('rejects a code of the wrong length', () => {
    expect(joinRoom.Check({ code: 'ABCDE', name: 'Ada' })).toBe(false);
    expect(joinRoom.Check({ code: 'ABCDEFG', name: 'Ada' })).toBe(false);
    expect(joinRoom.Check({ code: '', name: 'Ada' })).toBe(false);
  });

  for (const letter of ['O', '0', 'I', '1', 'L', 'U', 'V']) {
    it(`rejects a code containing the ambiguous character '${letter}'`, () => {
      expect(ROOM_CODE_ALPHABET).not.toContain(letter);
      expect(joinRoom.Check({ code: `ABCDE${letter}`, name: 'Ada' })).toBe(false);
    });
  }

  it('rejects a code with surrounding whitespace or a trailing newline', () => {
    expect(joinRoom.Check({ code: ' ABCDE', name: 'Ada' })).toBe(false);
    expect(joinRoom.Check({ code: 'ABCDEF\n', name: 'Ada' })).toBe(false);
  });

  it('rejects a join without a name or with an extra field', () => {
    expect(joinRoom.Check({ code: 'ABCDEF' })).toBe(false);
    expect(joinRoom.Check({ code: 'ABCDEF', name: 'Ada', team: 2 })).toBe(false);
  });
});

describe('other request schemas', () => {
  it('bounds chat messages by CHAT_MAX', () => {
    const chat = Compile(ChatRequest);
    expect(chat.Check({ text: 'gg' })).toBe(true);
    expect(chat.Check({ text: '' })).toBe(false);
    expect(chat.Check({ text: 'x'.repeat(Limits.CHAT_MAX + 1) })).toBe(false);
  });

  it('accepts a quick-play name and rejects anything else', () => {
    const quick = Compile(QuickPlayRequest);
    expect(quick.Check({ name: 'Ada' })).toBe(true);
    expect(quick.Check({ name: 'Ada', room: 'ABCDEF' })).toBe(false);
  });

  it('bounds resume tokens by length', () => {
    const resume = Compile(ResumeRequest);
    expect(resume.Check({ token: 'a'.repeat(16) })).toBe(true);
    expect(resume.Check({ token: 'a'.repeat(15) })).toBe(false);
    expect(resume.Check({ token: 'a'.repeat(65) })).toBe(false);
  });

  it('accepts a finite, non-negative time-sync sample only', () => {
    const sync = Compile(TimeSyncRequest);
    expect(sync.Check(1_700_000_000_000.5)).toBe(true);
    expect(sync.Check(-1)).toBe(false);
    expect(sync.Check(Number.NaN)).toBe(false);
    expect(sync.Check(overTheWire(Number.POSITIVE_INFINITY))).toBe(false);
  });
});
