// The dashboard's shell: sign-in, the menu by role, the language switch and the page router.
import { api, h, hasRole, lang, loadHubInfo, me, setLang, signIn, signOut, t, ApiError } from './core.js';
import { overview } from './views/overview.js';
import { room } from './views/room.js';
import { attendance, classList } from './views/attendance.js';
import { labs } from './views/labs.js';
import { fleet } from './views/fleet.js';
import { sector } from './views/sector.js';

const ADMINS = ['SECTOR_ADMIN', 'SCHOOL_ADMIN'];
const PAGES = {
  overview: { roles: null, render: overview },
  room: { roles: null, render: room },
  attendance: { roles: [...ADMINS, 'TEACHER'], render: attendance },
  session: { roles: [...ADMINS, 'TEACHER'], render: classList },
  labs: { roles: [...ADMINS, 'LAB_STAFF', 'TECHNICIAN'], render: labs },
  fleet: { roles: [...ADMINS, 'TECHNICIAN'], render: fleet },
  sector: { roles: ['SECTOR_ADMIN'], render: sector },
};

let stopCurrent = () => {};

function translateStatic() {
  document.querySelectorAll('[data-i18n]').forEach((el) => (el.textContent = t(el.dataset.i18n)));
  document.title = 'CampusEdge';
}

function renderMenu(page) {
  const user = me();
  const nav = document.getElementById('nav');
  nav.hidden = !user;
  document.getElementById('logout').hidden = !user;
  document.getElementById('who').textContent = user ? `${user.name} (${user.roles.join(', ')})` : '';
  nav.querySelectorAll('a').forEach((link) => {
    const def = PAGES[link.dataset.page];
    link.hidden = !!(def.roles && !hasRole(...def.roles));
    if (link.dataset.page === page || (page === 'room' && link.dataset.page === 'overview')) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  });
}

const LOGIN_TIMEOUT_MS = 15000;

function loginFailure(error) {
  if (error instanceof ApiError) return error.status === 429 ? t('login.locked') : t('login.failed');
  return t('login.noAnswer'); // timed out, or the hub could not be reached
}

function loginView() {
  const message = h('p', { class: 'error', role: 'alert' });
  const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', {
    id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true,
  });
  const submit = h('button', { type: 'submit', id: 'sign-in' }, t('login.submit'));
  const form = h('form', {
    onsubmit: async (event) => {
      event.preventDefault();
      // One attempt at a time, and a hub that does not answer says so instead of leaving the form
      // looking as if nothing happened.
      submit.disabled = true;
      message.textContent = t('login.pending');
      try {
        const body = await api('/login', {
          method: 'POST',
          body: { username: user.value, password: password.value },
          signal: AbortSignal.timeout(LOGIN_TIMEOUT_MS),
        });
        signIn(body.access_token);
        location.hash = '#/overview';
      } catch (e) {
        message.textContent = loginFailure(e);
      } finally {
        submit.disabled = false;
      }
    },
  },
  h('label', { for: 'username' }, t('login.user'), user),
  h('label', { for: 'password' }, t('login.password'), password),
  submit,
  message);
  return h('section', { class: 'login panel' }, h('h1', {}, t('login.title')), form);
}

// Each route() call gets a number; one overtaken by a newer call (a quick sign-out while a page
// is still loading) must not render its page over the newer one.
let routeCount = 0;

async function route() {
  const current = ++routeCount;
  stopCurrent();
  stopCurrent = () => {};
  const [name, ...args] = (location.hash.replace(/^#\/?/, '') || 'overview').split('/').map(decodeURIComponent);
  const view = document.getElementById('view');
  translateStatic();
  if (!me()) {
    renderMenu(null);
    view.replaceChildren(loginView());
    document.getElementById('username').focus();
    return;
  }
  const page = PAGES[name] ? name : 'overview';
  renderMenu(page);
  const def = PAGES[page];
  if (def.roles && !hasRole(...def.roles)) {
    view.replaceChildren(h('p', { class: 'error', role: 'alert' }, t('common.forbidden')));
    return;
  }
  view.replaceChildren(h('p', { class: 'muted' }, t('common.loading')));
  await loadHubInfo();
  if (current !== routeCount) return;
  const container = h('div', { 'data-page': page });
  try {
    const stop = await def.render(container, ...args);
    if (current !== routeCount) {
      if (typeof stop === 'function') stop(); // its live stream, if it opened one
      return;
    }
    if (typeof stop === 'function') stopCurrent = stop;
  } catch (e) {
    if (current !== routeCount) return;
    container.append(h('p', { class: 'error', role: 'alert' }, `${t('common.error')}: ${e.message}`));
  }
  view.replaceChildren(container);
  view.focus({ preventScroll: true });
}

document.addEventListener('DOMContentLoaded', () => {
  const select = document.getElementById('lang');
  select.value = lang();
  setLang(lang());
  select.addEventListener('change', () => {
    setLang(select.value);
    route();
  });
  document.getElementById('logout').addEventListener('click', () => {
    signOut();
    location.hash = '#/login';
  });
  window.addEventListener('hashchange', route);
  route();
});
