import {
  ChatRequest,
  CreateRoomRequest,
  InputPacket,
  JoinRoomRequest,
  PeekRoomRequest,
  QuickPlayRequest,
  ResumeRequest,
  TimeSyncRequest,
} from '@tick-arena/common';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

/** A compiled schema check plus a short description of the first problem, for error messages. */
export interface PayloadValidator<T> {
  check(value: unknown): value is T;
  explain(value: unknown): string;
}

function compile<T>(schema: TSchema): PayloadValidator<T> {
  const v = Compile(schema);
  return {
    check: (value: unknown): value is T => v.Check(value),
    explain: (value: unknown) => {
      const [first] = v.Errors(value);
      if (!first) return 'invalid payload';
      return `${first.instancePath || '(root)'} ${first.message}`.slice(0, 200);
    },
  };
}

/** Validators for every client -> server payload, compiled once at start-up (not per message). */
export const validators = {
  'room:create': compile<CreateRoomRequest>(CreateRoomRequest),
  'room:join': compile<JoinRoomRequest>(JoinRoomRequest),
  'room:quickplay': compile<QuickPlayRequest>(QuickPlayRequest),
  'room:resume': compile<ResumeRequest>(ResumeRequest),
  'room:peek': compile<PeekRoomRequest>(PeekRoomRequest),
  input: compile<InputPacket>(InputPacket),
  chat: compile<ChatRequest>(ChatRequest),
  'time:sync': compile<number>(TimeSyncRequest),
} as const;
