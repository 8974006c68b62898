import type { InputIntent, InputSource } from '../netcode/input-sampler.js';
import type { AimAnchor } from './aim-anchor.js';
import { isEditableTarget } from './editable-target.js';

/** Movement keys by `KeyboardEvent.code`: physical positions, so WASD works on AZERTY layouts too. */
const MOVE_KEYS: Readonly<Record<string, readonly [number, number]>> = {
  KeyW: [0, -1],
  ArrowUp: [0, -1],
  KeyS: [0, 1],
  ArrowDown: [0, 1],
  KeyA: [-1, 0],
  ArrowLeft: [-1, 0],
  KeyD: [1, 0],
  ArrowRight: [1, 0],
};
const FIRE_KEY = 'Space';

/**
 * WASD / arrows to move, mouse to aim, left button or space to fire. Listens on the DOM rather than through
 * Phaser so input sampling keeps its own clock, independent of the render loop. Pointer events are taken
 * from the game surface only, so clicks on HUD buttons never fire the laser.
 */
export class KeyboardMouseSource implements InputSource {
  private readonly held = new Set<string>();
  private pointer: { x: number; y: number } | null = null;
  private mouseDown = false;
  private readonly controller = new AbortController();

  constructor(
    private readonly surface: HTMLElement,
    private readonly anchor: AimAnchor,
  ) {
    const signal = this.controller.signal;
    window.addEventListener('keydown', this.onKeyDown, { signal });
    window.addEventListener('keyup', (e) => this.held.delete(e.code), { signal });
    // Keys released while the window is not focused never send keyup.
    window.addEventListener('blur', () => this.release(), { signal });
    surface.addEventListener('pointermove', this.onPointer, { signal });
    surface.addEventListener('pointerdown', this.onPointerDown, { signal });
    window.addEventListener('pointerup', () => (this.mouseDown = false), { signal });
    surface.addEventListener('contextmenu', (e) => e.preventDefault(), { signal });
  }

  read(): InputIntent {
    let mx = 0;
    let my = 0;
    for (const code of this.held) {
      const dir = MOVE_KEYS[code];
      if (dir) {
        mx += dir[0];
        my += dir[1];
      }
    }
    const aim = this.pointer ? this.anchor.angleTo(this.pointer.x, this.pointer.y) : null;
    return { mx, my, aim, fire: this.mouseDown || this.held.has(FIRE_KEY) };
  }

  /** Forget held keys and buttons (chat opened, focus lost). */
  release(): void {
    this.held.clear();
    this.mouseDown = false;
  }

  dispose(): void {
    this.controller.abort();
    this.release();
  }

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    if (isEditableTarget(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.code in MOVE_KEYS || e.code === FIRE_KEY) {
      // Arrows and space would scroll the page or press a focused button.
      e.preventDefault();
      this.held.add(e.code);
    }
  };

  private readonly onPointer = (e: PointerEvent): void => {
    if (e.pointerType === 'touch') return;
    const rect = this.surface.getBoundingClientRect();
    this.pointer = { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };

  private readonly onPointerDown = (e: PointerEvent): void => {
    if (e.pointerType === 'touch') return;
    this.onPointer(e);
    if (e.button === 0) this.mouseDown = true;
  };
}
