/**
 * Wire protocol version. A client sends it in the socket.io handshake (`auth.protocol`); the server refuses
 * any other value with `ErrorCode.PROTOCOL_MISMATCH`. Bump it on every incompatible change to events,
 * payload shapes or the snapshot codec.
 */
export const PROTOCOL_VERSION = 5 as const;
