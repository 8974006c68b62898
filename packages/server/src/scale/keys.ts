/**
 * Where the cluster keeps its state in Redis, and how long it lives. Everything a node writes expires
 * unless its heartbeat renews it, so a node that dies without a word (SIGKILL, power cut) leaves the
 * registry and the room directory within `NODE_TTL_MS`, and a Redis that restarts empty is refilled by the
 * next heartbeat of every node.
 */

/** Prefix of every key, so one Redis can be shared with other applications. */
export const KEY_PREFIX = 'tick-arena:';

/** How often a node renews its record and its rooms' directory entries, ms. */
export const HEARTBEAT_MS = 2000;

/**
 * Life of a node record and of its room entries without a heartbeat, ms: three missed beats. A SIGKILLed
 * node's rooms leave the directory within this (the issue asks for 10 s).
 */
export const NODE_TTL_MS = 6000;

/** Ids of the nodes that registered; an id whose record expired is pruned by the next reader. */
export const NODES_KEY = `${KEY_PREFIX}nodes`;

/** A node's record (JSON `NodeRecord`): URL, load and its public rooms. */
export function nodeKey(nodeId: string): string {
  return `${KEY_PREFIX}node:${nodeId}`;
}

/** The directory entry of a room: the id of the node it lives on. Claimed with SET NX semantics. */
export function roomKey(code: string): string {
  return `${KEY_PREFIX}room:${code}`;
}

/**
 * A node's count of sockets per client IP (hash: IP -> sockets on that node), for MAX_CONNECTIONS_PER_IP
 * across nodes. Lives and dies with the node record: the heartbeat renews its TTL.
 */
export const IPS_KEY_PREFIX = `${KEY_PREFIX}ips:`;
export function ipsKey(nodeId: string): string {
  return `${IPS_KEY_PREFIX}${nodeId}`;
}

/**
 * A node's count of seated players (an integer), for MAX_PLAYERS across nodes. Written by each seat
 * reservation and by the heartbeat, with the node record's TTL.
 */
export const PLAYERS_KEY_PREFIX = `${KEY_PREFIX}players:`;
export function playersKey(nodeId: string): string {
  return `${PLAYERS_KEY_PREFIX}${nodeId}`;
}

/** Channel prefix of the socket.io Redis adapter. */
export const ADAPTER_KEY = `${KEY_PREFIX}socket.io`;
