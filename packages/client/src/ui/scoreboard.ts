import { h } from './dom.js';

export interface ScoreRow {
  readonly id: number;
  readonly name: string;
  readonly kills: number;
  readonly deaths: number;
  readonly bot: boolean;
  readonly connected: boolean;
  /** CSS colour of the player's body, so names match what is on screen. */
  readonly colour: string;
}

/** The Tab scoreboard: everyone in the room by kills, then fewest deaths. */
export class Scoreboard {
  readonly el: HTMLElement;
  private readonly body: HTMLTableSectionElement;

  constructor() {
    this.body = h('tbody');
    this.el = h(
      'div',
      { class: 'scoreboard', attrs: { hidden: '', role: 'dialog', 'aria-label': 'Scoreboard' } },
      h(
        'table',
        {},
        h('caption', { text: 'Scoreboard' }),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { text: 'Player', attrs: { scope: 'col' } }),
            h('th', { text: 'Kills', attrs: { scope: 'col' } }),
            h('th', { text: 'Deaths', attrs: { scope: 'col' } }),
          ),
        ),
        this.body,
      ),
    );
  }

  get visible(): boolean {
    return !this.el.hidden;
  }

  setVisible(visible: boolean): void {
    this.el.hidden = !visible;
  }

  update(rows: readonly ScoreRow[], selfId: number): void {
    if (this.el.hidden) return;
    const sorted = [...rows].sort((a, b) => b.kills - a.kills || a.deaths - b.deaths || a.id - b.id);
    this.body.replaceChildren(
      ...sorted.map((r) => {
        const swatch = h('span', { class: 'swatch' });
        swatch.style.background = r.colour;
        const tags = [r.bot ? 'bot' : '', r.connected ? '' : 'reconnecting', r.id === selfId ? 'you' : '']
          .filter(Boolean)
          .join(', ');
        const row = h(
          'tr',
          { class: r.id === selfId ? 'is-self' : r.connected ? '' : 'is-away' },
          h('td', {}, swatch, r.name, tags ? h('span', { class: 'tag', text: tags }) : null),
          h('td', { text: String(r.kills) }),
          h('td', { text: String(r.deaths) }),
        );
        return row;
      }),
    );
  }
}
