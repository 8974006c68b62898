import {
  BOT_DIFFICULTIES,
  DEFAULT_BOT_DIFFICULTY,
  Limits,
  MAP_IDS,
  type BotDifficulty,
  type CreateRoomRequest,
  type MapId,
} from '@tick-arena/common';
import { h } from './dom.js';

/** Room settings chosen in the form; the player's name is added by the menu. */
export type RoomOptions = Omit<CreateRoomRequest, 'name'>;

const DEFAULTS = { maxPlayers: 8, tickRate: 30, bots: 3 } as const;

function numberField(
  id: string,
  label: string,
  min: number,
  max: number,
  value: number,
  hint: string,
): { row: HTMLElement; input: HTMLInputElement } {
  const input = h('input', {
    attrs: {
      id,
      type: 'number',
      min: String(min),
      max: String(max),
      step: '1',
      value: String(value),
      required: '',
    },
  });
  const row = h(
    'div',
    { class: 'field field--inline' },
    h('label', { text: label, attrs: { for: id } }),
    input,
    h('span', { class: 'field__hint', text: hint }),
  );
  return { row, input };
}

/** An integer from a number field, clamped to its bounds (the browser validates too, this is the net). */
function readInt(input: HTMLInputElement, min: number, max: number, fallback: number): number {
  const v = Math.round(input.valueAsNumber);
  return Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
}

/** How each map is offered in the form. */
const MAP_LABELS: Readonly<Record<MapId, string>> = {
  'arena-1': 'Arena (2000 × 1200)',
  expanse: 'Expanse (8000 × 4800, large)',
};

/** How each bot difficulty is offered in the form. */
const DIFFICULTY_LABELS: Readonly<Record<BotDifficulty, string>> = {
  easy: 'Easy (new players)',
  normal: 'Normal',
  hard: 'Hard',
};

/** The "Create a room" form: visibility, map, seats, tick rate, bots and how well they play. */
export function createRoomForm(onSubmit: (options: RoomOptions) => void): HTMLFormElement {
  const isPublic = h('input', { attrs: { type: 'radio', name: 'visibility', value: 'public' } });
  const isPrivate = h('input', {
    attrs: { type: 'radio', name: 'visibility', value: 'private', checked: '' },
  });
  const seats = numberField(
    'opt-max-players',
    'Max players',
    Limits.MIN_PLAYERS,
    Limits.MAX_PLAYERS,
    DEFAULTS.maxPlayers,
    '1-16',
  );
  const tick = numberField(
    'opt-tick-rate',
    'Tick rate',
    Limits.MIN_TICK_RATE,
    Limits.MAX_TICK_RATE,
    DEFAULTS.tickRate,
    'Hz, 10-128',
  );
  const bots = numberField('opt-bots', 'Bots', 0, Limits.MAX_BOTS, DEFAULTS.bots, 'fill empty seats');
  const skill = h(
    'select',
    { attrs: { id: 'opt-bot-difficulty' } },
    ...BOT_DIFFICULTIES.map((d) =>
      h('option', {
        text: DIFFICULTY_LABELS[d],
        attrs: d === DEFAULT_BOT_DIFFICULTY ? { value: d, selected: '' } : { value: d },
      }),
    ),
  );
  const skillRow = h(
    'div',
    { class: 'field field--inline' },
    h('label', { text: 'Bot skill', attrs: { for: 'opt-bot-difficulty' } }),
    skill,
  );
  const map = h(
    'select',
    { attrs: { id: 'opt-map' } },
    ...MAP_IDS.map((id) => h('option', { text: MAP_LABELS[id], attrs: { value: id } })),
  );
  const mapRow = h(
    'div',
    { class: 'field field--inline' },
    h('label', { text: 'Map', attrs: { for: 'opt-map' } }),
    map,
  );

  const form = h(
    'form',
    { class: 'panel', attrs: { 'aria-labelledby': 'create-title' } },
    h('h2', { text: 'Create a room', attrs: { id: 'create-title' } }),
    h(
      'fieldset',
      { class: 'segmented' },
      h('legend', { class: 'visually-hidden', text: 'Visibility' }),
      h('label', {}, isPrivate, h('span', { text: 'Private' })),
      h('label', {}, isPublic, h('span', { text: 'Public' })),
    ),
    h('span', {
      class: 'field__hint',
      text: 'Private rooms are reached by link only; public ones are listed.',
    }),
    mapRow,
    seats.row,
    tick.row,
    bots.row,
    skillRow,
    h('button', { class: 'btn', text: 'Create room', attrs: { type: 'submit' } }),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    onSubmit({
      public: isPublic.checked,
      maxPlayers: readInt(seats.input, Limits.MIN_PLAYERS, Limits.MAX_PLAYERS, DEFAULTS.maxPlayers),
      tickRate: readInt(tick.input, Limits.MIN_TICK_RATE, Limits.MAX_TICK_RATE, DEFAULTS.tickRate),
      bots: readInt(bots.input, 0, Limits.MAX_BOTS, DEFAULTS.bots),
      botDifficulty: BOT_DIFFICULTIES.find((d) => d === skill.value) ?? DEFAULT_BOT_DIFFICULTY,
      map: (MAP_IDS as readonly string[]).includes(map.value) ? (map.value as MapId) : 'arena-1',
    });
  });
  return form;
}
