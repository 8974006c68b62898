import { ErrorCode, Limits, type RoomInfo } from '@tick-arena/common';
import { RequestError } from '../net/request-error.js';
import { AlertBox, type AlertAction } from './alert-box.js';
import { createRoomForm, type RoomOptions } from './create-room-form.js';
import { h, setText } from './dom.js';
import { ErrorRemedy, explainError } from './error-text.js';
import { loadName, saveName } from './name-store.js';
import { RoomList } from './room-list.js';
import { normaliseRoomCode } from './route.js';

/** What the menu asks the app to do. Each promise resolves once the player is in the room. */
export interface MenuActions {
  quickPlay(name: string): Promise<void>;
  join(code: string, name: string, spectate: boolean): Promise<void>;
  create(name: string, options: RoomOptions): Promise<void>;
  listRooms(): Promise<RoomInfo[]>;
}

export type ConnectionTone = 'pending' | 'ok' | 'bad';

/**
 * The lobby: name, quick play, join by code, create a room, public rooms. Arriving through a share link
 * (`/r/CODE`) puts an invitation on top, so joining is "type a name, press Enter".
 */
export class Menu {
  readonly el: HTMLElement;
  private readonly nameInput: HTMLInputElement;
  private readonly codeInput: HTMLInputElement;
  private readonly status: HTMLElement;
  private readonly alert = new AlertBox();
  private readonly invite: HTMLElement;
  private readonly inviteText: HTMLElement;
  private readonly inviteButton: HTMLButtonElement;
  private readonly rooms: RoomList;
  private inviteCode: string | null = null;
  private busy = false;

  constructor(private readonly actions: MenuActions) {
    this.nameInput = h('input', {
      attrs: {
        id: 'player-name',
        type: 'text',
        maxlength: String(Limits.NAME_MAX),
        autocomplete: 'nickname',
        spellcheck: 'false',
        placeholder: 'e.g. Nova',
        required: '',
      },
    });
    this.nameInput.value = loadName();
    this.codeInput = h('input', {
      attrs: {
        id: 'room-code',
        type: 'text',
        maxlength: '8',
        autocomplete: 'off',
        autocapitalize: 'characters',
        spellcheck: 'false',
        placeholder: 'ABC234',
        'aria-describedby': 'room-code-hint',
      },
    });
    this.status = h('p', { class: 'conn conn--pending', text: 'Connecting…', attrs: { role: 'status' } });

    this.inviteText = h('p', { class: 'invite__text' });
    this.inviteButton = h('button', {
      class: 'btn btn--primary btn--big',
      attrs: { type: 'submit', form: 'name-form' },
    });
    this.invite = h('div', { class: 'invite', attrs: { hidden: '' } }, this.inviteText, this.inviteButton);

    const nameForm = h(
      'form',
      { class: 'name-form', attrs: { id: 'name-form' } },
      h('label', { text: 'Your name', attrs: { for: 'player-name' } }),
      this.nameInput,
    );
    // Enter in the name field takes the obvious action: the invitation if there is one, else quick play.
    nameForm.addEventListener('submit', (e) => {
      e.preventDefault();
      if (this.inviteCode) this.join(this.inviteCode, false);
      else this.quickPlay();
    });

    const quick = h('button', {
      class: 'btn btn--primary btn--big',
      text: 'Quick play',
      attrs: { type: 'button' },
      on: { click: () => this.quickPlay() },
    });

    const joinForm = h(
      'form',
      { class: 'panel', attrs: { 'aria-labelledby': 'join-title' } },
      h('h2', { text: 'Join by code', attrs: { id: 'join-title' } }),
      h(
        'div',
        { class: 'field' },
        h('label', { class: 'visually-hidden', text: 'Room code', attrs: { for: 'room-code' } }),
        h(
          'div',
          { class: 'input-row' },
          this.codeInput,
          h('button', { class: 'btn', text: 'Join', attrs: { type: 'submit' } }),
        ),
        h('span', {
          class: 'field__hint',
          text: 'Six letters and digits, from a friend.',
          attrs: { id: 'room-code-hint' },
        }),
      ),
    );
    joinForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const code = normaliseRoomCode(this.codeInput.value);
      if (!code) {
        this.alert.show('That is not a room code: codes have six letters and digits.', '', null);
        this.codeInput.focus();
        return;
      }
      this.join(code, false);
    });

    this.rooms = new RoomList(
      () => this.actions.listRooms(),
      (code) => this.join(code, false),
    );

    this.el = h(
      'main',
      { class: 'menu', attrs: { 'aria-labelledby': 'menu-title' } },
      h(
        'div',
        { class: 'menu__card' },
        h(
          'header',
          { class: 'brand' },
          h('h1', { text: 'Tick Arena', attrs: { id: 'menu-title' } }),
          h('p', { class: 'brand__tag', text: 'Real-time laser arena. Share a link, play in seconds.' }),
        ),
        this.status,
        nameForm,
        this.invite,
        this.alert.el,
        h('div', { class: 'menu__quick' }, quick),
        h(
          'div',
          { class: 'menu__grid' },
          h('div', { class: 'menu__col' }, joinForm, this.rooms.el),
          h(
            'div',
            { class: 'menu__col' },
            createRoomForm((options) => this.create(options)),
          ),
        ),
        h(
          'footer',
          { class: 'menu__help' },
          h('p', {
            text: 'WASD or arrows move · mouse aims · click or space fires · Enter chats · Tab scores',
          }),
        ),
      ),
    );
  }

  show(): void {
    this.el.hidden = false;
    void this.rooms.refresh();
    if (this.inviteCode || !this.nameInput.value) this.nameInput.focus();
  }

  hide(): void {
    this.el.hidden = true;
    this.alert.clear();
  }

  /** Show an invitation to a room (from a share link), or remove it. */
  setInvite(code: string | null): void {
    this.inviteCode = code;
    this.invite.hidden = code === null;
    if (code) {
      setText(this.inviteText, `You're invited to room ${code}. Choose a name and press Enter.`);
      setText(this.inviteButton, `Join ${code}`);
      this.codeInput.value = code;
    }
  }

  setConnection(text: string, tone: ConnectionTone): void {
    setText(this.status, text);
    this.status.className = `conn conn--${tone}`;
  }

  /** Show a coded error, with the remedy the code suggests (spectate, reload, retry). */
  report(code: string, message: string, context: { roomCode?: string; retry?: () => void } = {}): void {
    const explained = explainError(code, message);
    let action: AlertAction | null = null;
    if (explained.remedy === ErrorRemedy.SPECTATE && context.roomCode) {
      const roomCode = context.roomCode;
      action = { label: 'Watch as spectator', run: () => this.join(roomCode, true) };
    } else if (explained.remedy === ErrorRemedy.RELOAD) {
      action = { label: 'Reload', run: () => location.reload() };
    } else if (explained.remedy === ErrorRemedy.RETRY && context.retry) {
      action = { label: 'Try again', run: context.retry };
    }
    const title =
      code === ErrorCode.ROOM_FULL && context.roomCode
        ? `Room ${context.roomCode} is full.`
        : explained.title;
    this.alert.show(title, code, action);
  }

  private quickPlay(): void {
    const name = this.requireName();
    if (name) void this.attempt(() => this.actions.quickPlay(name), { retry: () => this.quickPlay() });
  }

  private join(code: string, spectate: boolean): void {
    const name = this.requireName();
    if (name) {
      void this.attempt(() => this.actions.join(code, name, spectate), {
        roomCode: code,
        retry: () => this.join(code, spectate),
      });
    }
  }

  private create(options: RoomOptions): void {
    const name = this.requireName();
    if (name)
      void this.attempt(() => this.actions.create(name, options), { retry: () => this.create(options) });
  }

  /** The trimmed name, remembered for next time; null (and the field focused) when it is blank. */
  private requireName(): string | null {
    const name = this.nameInput.value.trim();
    if (!name) {
      this.alert.show('Choose a name first.', '', null);
      this.nameInput.focus();
      return null;
    }
    saveName(name);
    return name;
  }

  private async attempt(
    task: () => Promise<void>,
    context: { roomCode?: string; retry: () => void },
  ): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.el.classList.add('is-busy');
    this.alert.clear();
    try {
      await task();
    } catch (err) {
      if (err instanceof RequestError) this.report(err.code, err.message, context);
      else this.report(ErrorCode.INTERNAL, err instanceof Error ? err.message : String(err), context);
    } finally {
      this.busy = false;
      this.el.classList.remove('is-busy');
    }
  }
}
