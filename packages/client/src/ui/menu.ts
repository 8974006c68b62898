import { ErrorCode, Limits, stripPictographs, type RoomInfo } from '@tick-arena/common';
import { ClientErrorCode, RequestError } from '../net/request-error.js';
import type { LinkTone } from '../net/link-status.js';
import { AlertBox, type AlertAction } from './alert-box.js';
import { createRoomForm, type RoomOptions } from './create-room-form.js';
import { h, setText } from './dom.js';
import { ErrorRemedy, errorDetails, explainError } from './error-text.js';
import { describeInvite, type InviteState, type InviteView } from './invite-view.js';
import { loadName, saveName } from './name-store.js';
import { RoomList } from './room-list.js';
import { normaliseRoomCode } from './route.js';

/** What the menu asks the app to do. Each promise resolves once the player is in the room. */
export interface MenuActions {
  quickPlay(name: string): Promise<void>;
  join(code: string, name: string, spectate: boolean): Promise<void>;
  create(name: string, options: RoomOptions): Promise<void>;
}

/**
 * Errors about the connection rather than the request: once the connection is back they are stale, and
 * the menu clears them instead of leaving "Not connected" under a green "Online".
 */
const CONNECTION_CODES: ReadonlySet<string> = new Set([
  ClientErrorCode.OFFLINE,
  ClientErrorCode.TIMEOUT,
  ErrorCode.SHUTTING_DOWN,
  ErrorCode.UNAVAILABLE,
]);

/** A name as the server will keep it: emoji removed (`stripPictographs`), spaces collapsed. */
export function tidyName(raw: string): string {
  return stripPictographs(raw).replace(/\s+/g, ' ').trim();
}

/**
 * The lobby: name, quick play, join by code, create a room, the live list of public rooms. Arriving
 * through a share link (`/r/CODE`) puts an invitation on top, which says what the link leads to (a room to
 * join, a full room to watch, no such room, a broken link) before anything is typed, so joining is "type a
 * name, press Enter".
 */
export class Menu {
  readonly el: HTMLElement;
  private readonly nameInput: HTMLInputElement;
  private readonly codeInput: HTMLInputElement;
  private readonly status: HTMLElement;
  private readonly alert = new AlertBox();
  /** The alert shows a connection problem that a reconnect makes stale. */
  private alertAboutConnection = false;
  private readonly invite: HTMLElement;
  private readonly inviteText: HTMLElement;
  private readonly inviteButton: HTMLButtonElement;
  private inviteView: InviteView | null = null;
  /** Enter was pressed while the invitation was still being checked: take its action once it is known. */
  private enterWhileChecking = false;
  private readonly rooms: RoomList;
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

    this.inviteText = h('p', { class: 'invite__text', attrs: { role: 'status' } });
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
    // Enter in the name field takes the obvious action: the invitation's if there is one, else quick play.
    nameForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const view = this.inviteView;
      if (view?.action) this.join(view.action.code, view.action.spectate);
      else if (view?.busy) this.enterWhileChecking = this.requireName() !== null;
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
        this.showAlert('That is not a room code: codes have six letters and digits.', '', null);
        this.codeInput.focus();
        return;
      }
      this.join(code, false);
    });

    this.rooms = new RoomList((code, spectate) => this.join(code, spectate));

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

  get visible(): boolean {
    return !this.el.hidden;
  }

  show(): void {
    this.el.hidden = false;
    if (this.inviteView?.action || !this.nameInput.value) this.nameInput.focus();
  }

  hide(): void {
    this.el.hidden = true;
    this.enterWhileChecking = false;
    this.alert.clear();
  }

  /** What the page's share link leads to (see `InviteState`); `none` removes the invitation. */
  setInvite(state: InviteState): void {
    const view = describeInvite(state);
    this.inviteView = view;
    this.invite.hidden = view === null;
    if (!view) {
      this.enterWhileChecking = false;
      return;
    }
    setText(this.inviteText, view.text);
    this.invite.classList.toggle('invite--warning', view.warning);
    this.inviteButton.hidden = view.action === null;
    if (view.action) {
      setText(this.inviteButton, view.action.label);
      this.codeInput.value = view.action.code;
      if (this.visible) this.nameInput.focus();
    }
    // A name typed and Enter pressed while "Checking room…": the player meant this invitation's action.
    if (view.busy) return;
    const entered = this.enterWhileChecking;
    this.enterWhileChecking = false;
    if (entered && view.action && this.visible) this.join(view.action.code, view.action.spectate);
  }

  /** The live public room list (`lobby:rooms`). */
  setRooms(rooms: readonly RoomInfo[]): void {
    this.rooms.show(rooms);
  }

  /** A line in place of the room list (waiting for the server, list unavailable). */
  setRoomsMessage(text: string): void {
    this.rooms.showMessage(text);
  }

  setConnection(text: string, tone: LinkTone): void {
    setText(this.status, text);
    this.status.className = `conn conn--${tone}`;
  }

  /** The connection is back: a message about it having been down is stale now. */
  connectionRestored(): void {
    if (this.alertAboutConnection) this.clearAlert();
  }

  /** Say what happened (not an error of the player's): "The room ended when the server restarted." */
  tell(message: string, details = ''): void {
    this.showAlert(message, details, null, 'info');
  }

  /** Show a coded error as a sentence, with the remedy the code suggests (watch, reload, retry). */
  report(code: string, message: string, context: { roomCode?: string; retry?: () => void } = {}): void {
    // Joining the invitation's room found it gone or full: the invitation itself changes to say so
    // (with its Watch button), rather than a second message under it saying the same.
    const invited = context.roomCode !== undefined && this.inviteView?.action?.code === context.roomCode;
    if (invited && context.roomCode && (code === ErrorCode.ROOM_NOT_FOUND || code === ErrorCode.ROOM_FULL)) {
      this.setInvite(
        code === ErrorCode.ROOM_FULL
          ? { kind: 'full', code: context.roomCode, peek: null }
          : { kind: 'missing', code: context.roomCode },
      );
      this.clearAlert();
      return;
    }
    const explained = explainError(code);
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
    this.showAlert(title, errorDetails(code, message), action);
    this.alertAboutConnection = CONNECTION_CODES.has(code);
  }

  private showAlert(message: string, details: string, action: AlertAction | null, tone?: 'info'): void {
    this.alert.show(message, details, action, tone);
    this.alertAboutConnection = false;
  }

  private clearAlert(): void {
    this.alert.clear();
    this.alertAboutConnection = false;
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

  /**
   * The name as the server will keep it, remembered for next time; null (and the field focused) when
   * nothing is left of it. The field is corrected in place, so the player sees the name others will see.
   */
  private requireName(): string | null {
    const name = tidyName(this.nameInput.value);
    if (name !== this.nameInput.value) this.nameInput.value = name;
    if (!name) {
      this.showAlert('Choose a name first (letters or digits; emoji are left out of names).', '', null);
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
    this.clearAlert();
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
