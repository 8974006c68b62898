import { AimAnchor } from '../input/aim-anchor.js';
import type { ArenaModel, ArenaSessionView } from '../scenes/arena-model.js';

/** The live `ArenaModel`: the app sets `session` when a room is entered or left; the scene reads it. */
export class ArenaStage implements ArenaModel {
  session: ArenaSessionView | null = null;
  readonly aimAnchor = new AimAnchor();
}
