/* global document, sessionStorage, fetch, confirm, clearTimeout */
/**
 * The admin page: plain DOM, no framework, no build step. The token is asked for once, kept in this tab's
 * sessionStorage (gone when the tab closes) and sent only as `Authorization: Bearer`, never in a URL.
 * Everything the server sends is written with textContent, so a player named `<script>` is just text.
 */

const TOKEN_KEY = 'tick-arena-admin-token';
/** How often the lists refresh while the page is open, ms. */
const REFRESH_MS = 2000;

const el = (id) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`admin page: #${id} missing`);
  return found;
};

/** The API answered with a coded error (`{ error: { code, message } }`). */
class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

let refreshTimer = null;

async function api(method, path, body) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) throw new ApiError('E_UNAUTHORIZED', 'not signed in');
  const headers = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/admin/api${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const data = await res.json().catch(() => null);
  if (res.ok) return data;
  const error = data && data.error ? data.error : { code: `HTTP ${res.status}`, message: res.statusText };
  if (res.status === 401) signOut('That token was not accepted.');
  throw new ApiError(error.code, error.message);
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function button(label, className, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (className) b.className = className;
  b.addEventListener('click', onClick);
  return b;
}

function formatBytes(perSecond) {
  if (perSecond >= 1024 * 1024) return `${(perSecond / 1024 / 1024).toFixed(1)} MB/s`;
  if (perSecond >= 1024) return `${(perSecond / 1024).toFixed(1)} KB/s`;
  return `${Math.round(perSecond)} B/s`;
}

function renderNodes(nodes) {
  const body = el('nodes').tBodies[0];
  body.replaceChildren(
    ...nodes.map((n) => {
      const tr = document.createElement('tr');
      tr.append(
        cell(n.self ? `${n.id} (this node)` : n.id),
        cell(n.url),
        cell(String(n.players), 'num'),
        cell(String(n.rooms), 'num'),
      );
      return tr;
    }),
  );
}

function renderRooms(rooms) {
  const body = el('rooms').tBodies[0];
  body.replaceChildren(
    ...rooms.map((r) => {
      const tr = document.createElement('tr');
      tr.dataset.room = r.code;
      const players = document.createElement('ul');
      players.className = 'players';
      for (const p of r.humans) {
        const li = document.createElement('li');
        const name = document.createElement('span');
        name.textContent = p.connected ? p.name : `${p.name} (reconnecting)`;
        if (!p.connected) name.className = 'away';
        li.append(
          name,
          button(`Kick ${p.name}`, 'danger', () => kick(r.code, p)),
        );
        players.append(li);
      }
      const playersCell = document.createElement('td');
      const count = document.createElement('div');
      count.textContent = `${r.humans.length} / ${r.maxPlayers}`;
      playersCell.append(count, players);
      const actions = document.createElement('td');
      actions.append(button(`Close room ${r.code}`, 'danger', () => closeRoom(r.code)));
      tr.append(
        cell(r.code),
        cell(r.node),
        playersCell,
        cell(String(r.bots), 'num'),
        cell(String(r.spectators), 'num'),
        cell(`${r.tickRate} Hz`, 'num'),
        cell(r.tickP99Ms === null ? '–' : `${r.tickP99Ms.toFixed(2)} ms`, 'num'),
        cell(formatBytes(r.bytesPerSecond), 'num'),
        actions,
      );
      return tr;
    }),
  );
  el('no-rooms').hidden = rooms.length > 0;
}

function status(text, isError = false) {
  const s = el('status');
  s.textContent = text;
  s.className = isError ? 'error' : '';
}

async function refresh() {
  clearTimeout(refreshTimer);
  refreshTimer = null;
  try {
    const [nodes, rooms] = await Promise.all([api('GET', '/nodes'), api('GET', '/rooms')]);
    renderNodes(nodes.nodes);
    renderRooms(rooms.rooms);
    el('incomplete').hidden = nodes.complete && rooms.complete;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'E_UNAUTHORIZED') return;
    status(`Could not refresh: ${err.message}`, true);
  }
  if (sessionStorage.getItem(TOKEN_KEY)) refreshTimer = setTimeout(refresh, REFRESH_MS);
}

async function act(description, method, path, body) {
  try {
    await api(method, path, body);
    status(description);
  } catch (err) {
    status(`${err.code ?? 'Error'}: ${err.message}`, true);
  }
  await refresh();
}

function closeRoom(code) {
  if (!confirm(`Close room ${code}? Its players are sent back to the menu.`)) return;
  void act(`Room ${code} closed.`, 'POST', `/rooms/${encodeURIComponent(code)}/close`);
}

function kick(code, player) {
  if (!confirm(`Kick ${player.name} from room ${code}? Their seat is given up.`)) return;
  void act(`${player.name} kicked from ${code}.`, 'POST', `/rooms/${encodeURIComponent(code)}/kick`, {
    playerId: player.id,
  });
}

function showConsole(signedIn) {
  el('login').hidden = signedIn;
  el('console').hidden = !signedIn;
  el('sign-out').hidden = !signedIn;
}

function signOut(reason) {
  sessionStorage.removeItem(TOKEN_KEY);
  clearTimeout(refreshTimer);
  refreshTimer = null;
  showConsole(false);
  el('login-error').textContent = reason ?? '';
  el('token').focus();
}

async function signIn(event) {
  event.preventDefault();
  const input = el('token');
  const token = input.value.trim();
  input.value = '';
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  el('login-error').textContent = '';
  try {
    // One request proves the token before the console shows.
    await api('GET', '/nodes');
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'E_UNAUTHORIZED'))
      signOut(`Cannot reach the server: ${err.message}`);
    return;
  }
  showConsole(true);
  status('Signed in.');
  void refresh();
}

el('login-form').addEventListener('submit', (event) => void signIn(event));
el('sign-out').addEventListener('click', () => signOut('Signed out.'));
if (sessionStorage.getItem(TOKEN_KEY)) {
  showConsole(true);
  void refresh();
} else {
  showConsole(false);
}
