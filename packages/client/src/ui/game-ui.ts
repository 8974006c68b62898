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

/** Every in-game DOM widget, built once and shown while in a room. */
export class GameUi {
  readonly el: HTMLElement;
  readonly hud: Hud;
  readonly share: ShareBox;
  readonly chat: ChatBox;
  readonly scoreboard = new Scoreboard();
  readonly killFeed = new KillFeed();
  readonly banner = new Banner();

  constructor(handlers: GameUiHandlers) {
    this.share = new ShareBox(() => handlers.leave());
    this.hud = new Hud(h('div', { class: 'hud__stack' }, this.share.el, this.killFeed.el));
    this.chat = new ChatBox(
      (text) => handlers.sendChat(text),
      () => handlers.chatClosed(),
    );
    this.el = h(
      'div',
      { class: 'game-ui', attrs: { hidden: '' } },
      this.hud.el,
      this.banner.el,
      this.scoreboard.el,
      this.chat.el,
      h('p', { class: 'game-ui__hint', text: 'Enter chat · Tab scores · F3 net graph' }),
    );
  }

  show(roomCode: string, spectator: boolean): void {
    this.share.setRoom(roomCode);
    this.hud.show(spectator);
    this.el.hidden = false;
  }

  hide(): void {
    this.el.hidden = true;
    this.hud.hide();
    this.banner.hide();
    this.scoreboard.setVisible(false);
    this.chat.clear();
    this.killFeed.clear();
  }
}
