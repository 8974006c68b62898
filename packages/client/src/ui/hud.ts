import { Sim } from '@tick-arena/common';
import { h, setText } from './dom.js';

/**
 * The in-game heads-up display: health, kills and deaths, ping (the status card) and the round clock.
 * Plain DOM over the canvas: crisp text at any zoom, readable by screen readers, and cheap because it only
 * changes what changed. Its two boxes are placed by the game UI's grid (`game-ui.ts`, `hud.css`).
 */
export class Hud {
  /** Health, score, ping; "Spectating" for a spectator. */
  readonly status: HTMLElement;
  /** The round clock. */
  readonly round: HTMLElement;
  private readonly vitals: HTMLElement;
  private readonly healthFill: HTMLElement;
  private readonly healthText: HTMLElement;
  private readonly score: HTMLElement;
  private readonly ping: HTMLElement;
  private readonly role: HTMLElement;

  constructor() {
    this.healthFill = h('div', { class: 'health__fill' });
    this.healthText = h('span', { class: 'health__text' });
    this.score = h('span', { class: 'hud__score' });
    this.ping = h('span', { class: 'hud__ping' });
    this.role = h('span', { class: 'hud__role', text: 'Spectating', attrs: { hidden: '' } });
    this.vitals = h(
      'div',
      { class: 'health', attrs: { role: 'meter', 'aria-label': 'Health', 'aria-valuemin': '0' } },
      this.healthFill,
      this.healthText,
    );
    this.vitals.setAttribute('aria-valuemax', String(Sim.MAX_HEALTH));
    this.round = h('div', { class: 'hud__round', attrs: { 'aria-live': 'off' } });
    this.round.dataset.hudBox = 'round';
    this.status = h(
      'div',
      { class: 'hud__card hud__status', attrs: { 'aria-label': 'Your status' } },
      this.role,
      this.vitals,
      this.score,
      this.ping,
    );
    this.status.dataset.hudBox = 'status';
  }

  show(spectator: boolean): void {
    this.role.hidden = !spectator;
    this.vitals.hidden = spectator;
    this.score.hidden = spectator;
  }

  setHealth(hp: number, alive: boolean): void {
    const ratio = Math.max(0, Math.min(1, hp / Sim.MAX_HEALTH));
    this.healthFill.style.transform = `scaleX(${alive ? ratio : 0})`;
    this.healthFill.dataset.level = ratio > 0.6 ? 'good' : ratio > 0.3 ? 'mid' : 'low';
    setText(this.healthText, alive ? `${Math.ceil(hp)} HP` : 'Respawning…');
    this.vitals.setAttribute('aria-valuenow', String(alive ? Math.ceil(hp) : 0));
  }

  setScore(kills: number, deaths: number): void {
    setText(this.score, `${kills} K · ${deaths} D`);
  }

  setPing(ms: number | null): void {
    setText(this.ping, ms === null ? '… ms' : `${Math.round(ms)} ms`);
    this.ping.dataset.level = ms === null ? '' : ms < 80 ? 'good' : ms < 160 ? 'mid' : 'bad';
  }

  setRound(text: string): void {
    setText(this.round, text);
  }
}
