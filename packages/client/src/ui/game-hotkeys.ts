import { isEditableTarget } from '../input/editable-target.js';

export interface HotkeyHandlers {
  openChat(): void;
  showScores(visible: boolean): void;
  toggleNetGraph(): void;
}

/**
 * Keys that drive the in-game UI rather than the player: Enter opens chat, Tab (held) shows the
 * scoreboard, F3 toggles the net graph. Ignored while a text field has focus, so typing a message never
 * triggers them.
 * Returns a function that removes the bindings.
 */
export function bindGameHotkeys(handlers: HotkeyHandlers): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  window.addEventListener(
    'keydown',
    (e) => {
      if (isEditableTarget(e.target)) return;
      if (e.key === 'Enter') {
        e.preventDefault();
        handlers.openChat();
      } else if (e.key === 'Tab') {
        // Tab would otherwise walk focus through the HUD buttons.
        e.preventDefault();
        handlers.showScores(true);
      } else if (e.key === 'F3') {
        // F3 is the browser's "find next" too.
        e.preventDefault();
        if (!e.repeat) handlers.toggleNetGraph();
      }
    },
    { signal },
  );
  window.addEventListener('keyup', (e) => e.key === 'Tab' && handlers.showScores(false), { signal });
  window.addEventListener('blur', () => handlers.showScores(false), { signal });
  return () => controller.abort();
}
