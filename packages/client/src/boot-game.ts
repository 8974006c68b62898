import * as Phaser from 'phaser';
import type { ArenaModel } from './scenes/arena-model.js';
import { chooseRenderer } from './renderer-choice.js';
import { ArenaScene } from './scenes/arena-scene.js';

/**
 * Start Phaser with the arena scene in `parent`, sized to the window. Phaser's own input is off: the game
 * reads the DOM directly (src/input/) so input sampling runs on its own clock, not the render loop's.
 */
export function bootGame(parent: HTMLElement, model: ArenaModel): Phaser.Game {
  return new Phaser.Game({
    type: chooseRenderer() === 'webgl' ? Phaser.WEBGL : Phaser.CANVAS,
    parent,
    backgroundColor: '#05070d',
    banner: false,
    scale: { mode: Phaser.Scale.RESIZE, width: '100%', height: '100%' },
    input: { keyboard: false, mouse: false, touch: false, gamepad: false },
    scene: [new ArenaScene(model)],
  });
}
