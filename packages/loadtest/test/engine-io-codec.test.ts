import { BinaryEvent } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import {
  binaryEventCode,
  decodeBinaryFrame,
  decodeFrame,
  DISCONNECT_FRAME,
  encodeConnect,
  encodeEvent,
  encodeRequest,
  PONG_FRAME,
  type PacketHandler,
} from '../src/bot/engine-io-codec.js';

/** A handler that writes down every call, as `[method, ...args]`. */
function recorder(): { h: PacketHandler; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const h: PacketHandler = {
    open: (info) => calls.push(['open', info]),
    ping: () => calls.push(['ping']),
    close: () => calls.push(['close']),
    connect: (sid) => calls.push(['connect', sid]),
    disconnect: () => calls.push(['disconnect']),
    event: (args) => calls.push(['event', args]),
    ack: (id, args) => calls.push(['ack', id, args]),
    connectError: (message, data) => calls.push(['connectError', message, data]),
    binaryEvent: (name, payload) => calls.push(['binaryEvent', name, [...payload]]),
  };
  return { h, calls };
}

function decode(frame: string): { handled: boolean; calls: unknown[][] } {
  const { h, calls } = recorder();
  return { handled: decodeFrame(frame, h), calls };
}

describe('engine.io / socket.io frame encoding', () => {
  it('encodes the connect packet with the handshake auth', () => {
    expect(encodeConnect({ protocol: 1 })).toBe('40{"protocol":1}');
  });

  it('encodes an event as 42 and a request as 42<id> followed by the JSON arguments', () => {
    expect(encodeEvent(['chat', { text: 'gg' }])).toBe('42["chat",{"text":"gg"}]');
    expect(encodeRequest(0, ['time:sync', 12.5])).toBe('420["time:sync",12.5]');
    expect(encodeRequest(17, ['room:join', { code: 'ABCDEF', name: 'lt-1' }])).toBe(
      '4217["room:join",{"code":"ABCDEF","name":"lt-1"}]',
    );
  });

  it('answers a ping with a pong and leaves with a socket.io disconnect', () => {
    expect(PONG_FRAME).toBe('3');
    expect(DISCONNECT_FRAME).toBe('41');
  });
});

describe('binary events (binaryParser frames)', () => {
  it('sends input with one Uint8Array as a binary frame with its code, anything else as text', () => {
    const packet = new Uint8Array(11);
    expect(binaryEventCode('input', [packet])).toBe(BinaryEvent.input.code);
    expect(BinaryEvent.input.code).toBe(0x02);
    expect(binaryEventCode('input', [{ seq: 1 }])).toBe(-1);
    expect(binaryEventCode('input', [packet, packet])).toBe(-1);
    expect(binaryEventCode('chat', [packet])).toBe(-1);
    expect(binaryEventCode('toString', [packet])).toBe(-1);
  });

  it('reads a tick frame as its code and a view of the payload', () => {
    const frame = Uint8Array.from([BinaryEvent.tick.code, 1, 2, 3]);
    const { h, calls } = recorder();
    let view: Uint8Array | null = null;
    h.binaryEvent = (name, payload) => {
      calls.push(['binaryEvent', name, [...payload]]);
      view = payload;
    };
    expect(decodeBinaryFrame(frame, h)).toBe(true);
    expect(calls).toEqual([['binaryEvent', 'tick', [1, 2, 3]]]);
    expect((view as Uint8Array | null)?.buffer).toBe(frame.buffer);
  });

  it('drops empty frames, unknown codes and oversized payloads without throwing', () => {
    const tooBig = new Uint8Array(BinaryEvent.tick.maxBytes + 2);
    tooBig[0] = BinaryEvent.tick.code;
    for (const f of [new Uint8Array(0), Uint8Array.from([0x00, 1]), Uint8Array.from([0xff]), tooBig]) {
      const { h, calls } = recorder();
      expect(decodeBinaryFrame(f, h)).toBe(false);
      expect(calls).toEqual([]);
    }
  });
});

describe('engine.io / socket.io frame decoding', () => {
  it('reads the engine.io open packet', () => {
    const r = decode(
      '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}',
    );
    expect(r).toEqual({
      handled: true,
      calls: [['open', { sid: 'abc', pingInterval: 25000, pingTimeout: 20000 }]],
    });
  });

  it('reads a ping, an engine.io close and a socket.io disconnect', () => {
    expect(decode('2').calls).toEqual([['ping']]);
    expect(decode('1').calls).toEqual([['close']]);
    expect(decode('41').calls).toEqual([['disconnect']]);
  });

  it('reads the socket.io connect reply with its sid', () => {
    expect(decode('40{"sid":"Xyz_123"}').calls).toEqual([['connect', 'Xyz_123']]);
  });

  it('reads a connect_error with the data the server middleware attached', () => {
    const r = decode(
      '44{"message":"mismatch","data":{"code":"E_PROTOCOL_MISMATCH","message":"server speaks protocol 2"}}',
    );
    expect(r.calls).toEqual([
      ['connectError', 'mismatch', { code: 'E_PROTOCOL_MISMATCH', message: 'server speaks protocol 2' }],
    ]);
    expect(decode('44{"message":"not authorized"}').calls).toEqual([
      ['connectError', 'not authorized', undefined],
    ]);
  });

  it('reads an event with its name first and its payload untouched', () => {
    const scores = [
      [3, 2, 1],
      [7, 0, 2],
    ];
    expect(decode(`42["scores",${JSON.stringify(scores)}]`).calls).toEqual([['event', ['scores', scores]]]);
    expect(decode('42["kicked",{"reason":"slow","message":"too slow"}]').calls).toEqual([
      ['event', ['kicked', { reason: 'slow', message: 'too slow' }]],
    ]);
  });

  it('matches an ack to its request id, one digit or many', () => {
    expect(decode('430[{"clientTime":1,"serverTime":2}]').calls).toEqual([
      ['ack', 0, [{ clientTime: 1, serverTime: 2 }]],
    ]);
    expect(decode('43127[{"ok":true,"data":null}]').calls).toEqual([
      ['ack', 127, [{ ok: true, data: null }]],
    ]);
  });

  it('ignores malformed and unsupported frames without throwing', () => {
    const frames = [
      '',
      '4',
      '42',
      '42[',
      '42{"tick":1}',
      '42[1,2]',
      '42["tick",{"t":1',
      '43["no id"]',
      '437',
      '437x[1]',
      '40',
      '40{"nosid":true}',
      '44not json',
      '44[1]',
      '45-["tick",{"_placeholder":true,"num":0}]',
      '46',
      '42/admin,["tick",{}]',
      '0{"sid":1}',
      '0{broken',
      '3',
      '5',
      '6',
      '9',
      'hello',
      '\u0000\uffff',
      '11',
      '411',
    ];
    for (const f of frames) {
      const r = decode(f);
      expect({ frame: f, ...r }).toEqual({ frame: f, handled: false, calls: [] });
    }
  });

  it('round-trips what it encodes through the decoder', () => {
    const args = ['time:sync', 123.456];
    const { calls } = decode(encodeEvent(args));
    expect(calls).toEqual([['event', args]]);
    // A client request arriving at a peer: the ack id is read and the event passed on.
    expect(decode(encodeRequest(5, args)).calls).toEqual([['event', args]]);
  });
});
