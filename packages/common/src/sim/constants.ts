/**
 * Gameplay tuning, in world units and seconds. Timers are in seconds (decremented by `dt`), so the same
 * game plays identically at every tick rate.
 */
export const Sim = {
  PLAYER_RADIUS: 16,
  /** Top speed in units per second; an input vector longer than 1 is normalised, never amplified. */
  PLAYER_SPEED: 260,
  MAX_HEALTH: 100,
  LASER_DAMAGE: 34,
  LASER_RANGE: 1100,
  /** Short cooldown: shots are frequent enough that lag compensation matters. */
  LASER_COOLDOWN: 0.35,
  RESPAWN_DELAY: 2.5,
  /**
   * Spawn protection (no damage taken) lasts from a spawn until the player fires, or moves once
   * `SPAWN_PROTECTION_MIN` seconds have passed, and never longer than `SPAWN_PROTECTION_MAX`. Firing ends it
   * at once (a protected player must not shoot back for free); moving in the first 1.5 s does not, so a
   * player can step off the spawn and look around first. 5 s: long enough to find the keys and see who is
   * where, short enough that standing still is no hiding place.
   */
  SPAWN_PROTECTION_MAX: 5,
  SPAWN_PROTECTION_MIN: 1.5,
  DEFAULT_KILL_LIMIT: 20,
  DEFAULT_ROUND_SECONDS: 300,
  INTERMISSION: 6,
} as const;
