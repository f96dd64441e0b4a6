// Shared pieces of the dashboard: texts, element building (never innerHTML with data), the API
// with the caller's token, and live events read from the SSE endpoint with that token.
import { TEXTS } from './i18n.js';

const TOKEN = 'campusedge.token';
const LANG = 'campusedge.lang';

export function lang() {
  return localStorage.getItem(LANG) || 'vi';
}

export function setLang(value) {
  localStorage.setItem(LANG, value);
  document.documentElement.lang = value;
}

export function t(key) {
  return TEXTS[lang()][key] ?? TEXTS.en[key] ?? key;
}

/** Builds an element: h('td', {class: 'num'}, 'text', child, ...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'text') el.textContent = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function table(headers, rows) {
  return h('table', {},
    h('thead', {}, h('tr', {}, headers.map(([key, cls]) => h('th', { scope: 'col', class: cls }, t(key))))),
    h('tbody', {}, rows));
}

export function badge(cls, text) {
  return h('span', { class: 'badge ' + cls }, text);
}

export function time(iso) {
  if (!iso) return t('room.none');
  const d = new Date(iso);
  return d.toLocaleString(lang() === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'medium' });
}

// Timetables are local times of the schools' zone (GET /api/v1/hub), not of the browser.
let schoolZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

let hubInfoLoaded = false;

export async function loadHubInfo() {
  if (hubInfoLoaded) return;
  try {
    schoolZone = (await api('/api/v1/hub')).timezone || schoolZone;
    hubInfoLoaded = true;
  } catch (e) {
    // the browser's zone stands in
  }
}

/** Now in the schools' zone: the date (YYYY-MM-DD) and minutes since midnight. */
export function schoolNow() {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: schoolZone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

export function today() {
  return schoolNow().date;
}

/** Minutes since midnight of a timetable time, "08:00" or "08:00:00". */
export function minutesOf(text) {
  const [hh, mm] = text.split(':').map(Number);
  return hh * 60 + mm;
}

// ---- who is signed in: the JWT's claims (sub, roles, sites) ----

export function token() {
  return sessionStorage.getItem(TOKEN);
}

export function signIn(accessToken) {
  sessionStorage.setItem(TOKEN, accessToken);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN);
}

/**
 * A 401 answer to a request sent with sentToken: back to the sign-in page, unless someone
 * has signed in since (a late answer to the previous user's request must not sign out the next).
 */
function signedOutBy(sentToken) {
  if (token() !== sentToken) return;
  signOut();
  location.hash = '#/login';
}

export function me() {
  const jwt = token();
  if (!jwt) return null;
  try {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(decodeURIComponent(escape(atob(part))));
    if (claims.exp && claims.exp * 1000 < Date.now()) return null;
    return { name: claims.sub, roles: claims.roles || [], sites: claims.sites || [] };
  } catch (e) {
    return null;
  }
}

export function hasRole(...roles) {
  const user = me();
  return !!user && user.roles.some((role) => roles.includes(role));
}

// ---- the API ----

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  const sentToken = token();
  if (sentToken) headers.Authorization = 'Bearer ' + sentToken;
  if (options.body !== undefined && typeof options.body !== 'string') {
    headers['Content-Type'] = 'application/json';
    options = { ...options, body: JSON.stringify(options.body) };
  }
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401 && path !== '/login') {
    signedOutBy(sentToken);
    throw new ApiError(401, 'signed out');
  }
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const message = body && (body.message || body._embedded?.errors?.[0]?.message || body.error);
    throw new ApiError(response.status, message || response.statusText);
  }
  return body;
}

/** The message a failed call shows: forbidden in the user's words, else the server's reason. */
export function failure(error, forbiddenKey = 'common.forbidden') {
  const text = error.status === 403 ? t(forbiddenKey) : `${t('common.error')}: ${error.message}`;
  return h('p', { class: 'error', role: 'alert' }, text);
}

// ---- live events ----

/**
 * Reads /api/v1/events with the bearer token (EventSource cannot send one) and calls
 * onEvent(name, data) per event; reconnects with backoff until the returned stop() is called.
 */
export function liveEvents(query, onEvent) {
  const controller = new AbortController();
  let delay = 1000;
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const sentToken = token();
        if (!sentToken) return; // signed out meanwhile: this page's stream has no one to serve
        const response = await fetch('/api/v1/events' + query, {
          headers: { Accept: 'text/event-stream', Authorization: 'Bearer ' + sentToken },
          signal: controller.signal,
        });
        if (response.status === 401) {
          signedOutBy(sentToken);
          return;
        }
        if (!response.ok) throw new Error('events: HTTP ' + response.status);
        delay = 1000;
        showLive(true);
        await readStream(response.body, onEvent);
      } catch (e) {
        if (controller.signal.aborted) return;
      }
      showLive(false);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 30000);
    }
  };
  run();
  return () => {
    controller.abort();
    showLive(null);
  };
}

/** The header's live indicator: true connected, false reconnecting, null no stream on this page. */
function showLive(connected) {
  const el = document.getElementById('live-state');
  el.hidden = connected === null;
  el.dataset.state = connected ? 'open' : 'closed';
  el.textContent = connected ? t('live.on') : t('live.off');
}

async function readStream(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) {
        try {
          onEvent(name, JSON.parse(data.join('\n')));
        } catch (e) {
          // an event this page cannot read is skipped; the next refresh shows the state
        }
      }
    }
  }
}

/** Announces a change to screen readers. */
export function announce(text) {
  document.getElementById('live').textContent = text;
}
