import type { InputIntent, InputSource } from '../netcode/input-sampler.js';

/** Stick travel in CSS pixels: a thumb's comfortable reach. */
const RADIUS = 56;
/** The right stick fires once pushed past this share of its travel, so a light touch only aims. */
const FIRE_THRESHOLD = 0.45;
const DEAD_ZONE = 0.12;

interface Stick {
  readonly base: HTMLElement;
  readonly knob: HTMLElement;
  pointerId: number | null;
  originX: number;
  originY: number;
  dx: number;
  dy: number;
}

function makeStick(layer: HTMLElement, side: 'left' | 'right'): Stick {
  const base = document.createElement('div');
  base.className = `touch-stick touch-stick--${side}`;
  base.dataset.hudBox = `stick-${side}`;
  const knob = document.createElement('div');
  knob.className = 'touch-stick__knob';
  base.append(knob);
  layer.append(base);
  return { base, knob, pointerId: null, originX: 0, originY: 0, dx: 0, dy: 0 };
}

/**
 * Two virtual sticks for phones: a touch on the left half moves, a touch on the right half aims and,
 * pushed further, fires. Each stick is centred where the thumb lands (a "floating" stick), which suits
 * every hand size and screen better than fixed positions.
 */
export class TouchSticks implements InputSource {
  private readonly layer: HTMLElement;
  private readonly move: Stick;
  private readonly aim: Stick;
  private readonly controller = new AbortController();

  constructor(parent: HTMLElement) {
    this.layer = document.createElement('div');
    this.layer.className = 'touch-layer';
    this.layer.setAttribute('aria-hidden', 'true');
    // First child of the overlay, so the HUD stacks above it and its buttons still take taps.
    parent.prepend(this.layer);
    this.move = makeStick(this.layer, 'left');
    this.aim = makeStick(this.layer, 'right');
    const signal = this.controller.signal;
    this.layer.addEventListener('pointerdown', this.onDown, { signal });
    this.layer.addEventListener('pointermove', this.onMove, { signal });
    this.layer.addEventListener('pointerup', this.onUp, { signal });
    this.layer.addEventListener('pointercancel', this.onUp, { signal });
  }

  read(): InputIntent {
    const m = this.vector(this.move);
    const a = this.vector(this.aim);
    const aimLen = Math.hypot(a.x, a.y);
    return {
      mx: m.x,
      my: m.y,
      aim: aimLen > DEAD_ZONE ? Math.atan2(a.y, a.x) : null,
      fire: aimLen > FIRE_THRESHOLD,
    };
  }

  dispose(): void {
    this.controller.abort();
    this.layer.remove();
  }

  private vector(s: Stick): { x: number; y: number } {
    if (s.pointerId === null) return { x: 0, y: 0 };
    const x = s.dx / RADIUS;
    const y = s.dy / RADIUS;
    return Math.hypot(x, y) < DEAD_ZONE ? { x: 0, y: 0 } : { x, y };
  }

  private stickFor(e: PointerEvent): Stick | null {
    if (this.move.pointerId === e.pointerId) return this.move;
    if (this.aim.pointerId === e.pointerId) return this.aim;
    return null;
  }

  private readonly onDown = (e: PointerEvent): void => {
    const stick = e.clientX < window.innerWidth / 2 ? this.move : this.aim;
    if (stick.pointerId !== null) return;
    e.preventDefault();
    this.layer.setPointerCapture(e.pointerId);
    stick.pointerId = e.pointerId;
    stick.originX = e.clientX;
    stick.originY = e.clientY;
    stick.dx = 0;
    stick.dy = 0;
    stick.base.style.left = `${e.clientX}px`;
    stick.base.style.top = `${e.clientY}px`;
    stick.base.classList.add('is-active');
    this.place(stick);
  };

  private readonly onMove = (e: PointerEvent): void => {
    const stick = this.stickFor(e);
    if (!stick) return;
    let dx = e.clientX - stick.originX;
    let dy = e.clientY - stick.originY;
    const len = Math.hypot(dx, dy);
    if (len > RADIUS) {
      dx = (dx / len) * RADIUS;
      dy = (dy / len) * RADIUS;
    }
    stick.dx = dx;
    stick.dy = dy;
    this.place(stick);
  };

  private readonly onUp = (e: PointerEvent): void => {
    const stick = this.stickFor(e);
    if (!stick) return;
    stick.pointerId = null;
    stick.dx = 0;
    stick.dy = 0;
    stick.base.classList.remove('is-active');
    this.place(stick);
  };

  private place(s: Stick): void {
    s.knob.style.transform = `translate(${s.dx}px, ${s.dy}px)`;
  }
}
