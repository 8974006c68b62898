import './ui/styles/index.css';
import { AppController } from './app/app-controller.js';
import { ArenaStage } from './app/arena-stage.js';

function mountPoint(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html is missing #${id}`);
  return el;
}

const stage = new ArenaStage();
const gameRoot = mountPoint('game');
new AppController(stage, mountPoint('ui'), gameRoot).start();

// Phaser is most of the download; loading it after the menu is on screen lets a player type a name while
// it arrives, instead of staring at a blank page.
void import('./boot-game.js').then(({ bootGame }) => bootGame(gameRoot, stage));
