/** Every Phaser scene key, in one table. */
export const SceneKey = {
  ARENA: 'arena',
} as const;
export type SceneKey = (typeof SceneKey)[keyof typeof SceneKey];
