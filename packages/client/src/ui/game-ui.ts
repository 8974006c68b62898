import { Feedback } from '../feedback/feedback.js';
import { Banner } from './banner.js';
import { ChatBox } from './chat-box.js';
import { h } from './dom.js';
import { Hud } from './hud.js';
import { KillFeed } from './kill-feed.js';
import { Scoreboard } from './scoreboard.js';
import { ShareBox } from './share-box.js';

export interface GameUiHandlers {
  leave(): void;
  sendChat(text: string): void;
  /** Chat closed: give the keyboard back to the game. */
  chatClosed(): void;
}

/**
 * Every in-game DOM widget, built once and shown while in a room. They are the cells of one CSS grid
 * (`hud.css`, `small-screens.css`): each HUD box has an area of its own, in a layout for desktops, one
 * for phones held upright and one for phones on their side, so no box can be drawn over another whatever
 * its content. The round banner and the death card share the middle area, stacked.
 */
export class GameUi {
  readonly el: HTMLElement;
  readonly hud: Hud;
  readonly share: ShareBox;
  readonly chat: ChatBox;
  readonly scoreboard = new Scoreboard();
  readonly killFeed = new KillFeed();
  readonly banner = new Banner();
  /** Sounds, the death card and the mute toggle: fed by the arena scene through the session. */
  readonly feedback = new Feedback();

  constructor(handlers: GameUiHandlers) {
    this.hud = new Hud();
    this.share = new ShareBox(() => handlers.leave(), this.feedback.mute.el);
    this.chat = new ChatBox(
      (text) => handlers.sendChat(text),
      () => handlers.chatClosed(),
    );
    this.chat.el.dataset.hudBox = 'chat';
    this.killFeed.el.dataset.hudBox = 'kill-feed';
    this.banner.el.dataset.hudBox = 'banner';
    const hint = h('p', { class: 'game-ui__hint', text: 'Enter chat · Tab scores · M sound · F3 net graph' });
    hint.dataset.hudBox = 'hint';
    this.el = h(
      'div',
      { class: 'game-ui', attrs: { hidden: '' } },
      this.hud.status,
      this.hud.round,
      this.share.el,
      this.killFeed.el,
      h('div', { class: 'game-ui__centre' }, this.banner.el, this.feedback.deathCard.el),
      this.chat.el,
      hint,
      this.scoreboard.el,
    );
  }

  show(roomCode: string, spectator: boolean): void {
    this.share.setRoom(roomCode);
    this.hud.show(spectator);
    this.feedback.enter();
    this.el.hidden = false;
  }

  hide(): void {
    this.el.hidden = true;
    this.feedback.leave();
    this.banner.hide();
    this.scoreboard.setVisible(false);
    this.chat.clear();
    this.killFeed.clear();
  }
}
