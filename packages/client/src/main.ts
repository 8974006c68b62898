import './ui/styles/index.css';
import { AppController } from './app/app-controller.js';
import { ArenaStage } from './app/arena-stage.js';
import { pageNetsim } from './net/netsim-option.js';
import { netsimTag } from './ui/netsim-tag.js';

function mountPoint(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html is missing #${id}`);
  return el;
}

const stage = new ArenaStage();
const gameRoot = mountPoint('game');
new AppController(stage, mountPoint('ui'), gameRoot).start();
// `?netsim=150,20,2`: the socket runs behind the network simulator (net/connection.ts); say so on screen.
const tag = netsimTag(pageNetsim());
if (tag) document.body.append(tag);

// Phaser is most of the download; loading it after the menu is on screen lets a player type a name while
// it arrives, instead of staring at a blank page.
void import('./boot-game.js').then(({ bootGame }) => bootGame(gameRoot, stage));
