/**
 * Where the local player is drawn, in canvas pixels. The scene writes it every frame (it alone knows the
 * camera); the mouse source reads it to turn the pointer position into an aim angle.
 */
export class AimAnchor {
  private x = Number.NaN;
  private y = Number.NaN;

  set(x: number, y: number): void {
    this.x = x;
    this.y = y;
  }

  /** No local player on screen (menu, spectating, dead). */
  clear(): void {
    this.x = Number.NaN;
    this.y = Number.NaN;
  }

  /** Angle from the player to a canvas point, or null when there is no player on screen. */
  angleTo(px: number, py: number): number | null {
    if (Number.isNaN(this.x)) return null;
    const dx = px - this.x;
    const dy = py - this.y;
    return dx === 0 && dy === 0 ? null : Math.atan2(dy, dx);
  }
}
