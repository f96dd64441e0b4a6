// Attendance board: the day's lessons with present/late/absent counts, and a lesson's class list
// where a teacher corrects a mark with a reason. Live marks refresh the board.
import { announce, api, badge, failure, h, liveEvents, me, t, table, time, today } from '../core.js';

const STATUSES = ['PRESENT', 'LATE', 'ABSENT', 'EXCUSED'];

async function sitesOf() {
  const user = me();
  if (user.sites.length) return user.sites;
  const rooms = await api('/api/v1/rooms');
  return [...new Set(rooms.map((r) => r.site))];
}

export async function attendance(container, siteArg, dateArg) {
  let sites;
  try {
    sites = await sitesOf();
  } catch (e) {
    container.append(failure(e));
    return null;
  }
  const site = siteArg || sites[0] || '';
  const date = dateArg || today();
  const siteSelect = h('select', { id: 'att-site' }, sites.map((s) => h('option', { value: s, selected: s === site }, s)));
  const dateInput = h('input', { id: 'att-date', type: 'date', value: date });
  const go = () => (location.hash = `#/attendance/${encodeURIComponent(siteSelect.value)}/${dateInput.value}`);
  siteSelect.addEventListener('change', go);
  dateInput.addEventListener('change', go);
  const board = h('section', { class: 'panel', id: 'sessions' });
  container.append(h('h1', {}, t('att.title')),
    h('div', { class: 'row' },
      h('label', { for: 'att-site' }, t('att.site'), siteSelect),
      h('label', { for: 'att-date' }, t('att.date'), dateInput)),
    board);
  if (!site) {
    board.append(h('p', { class: 'muted' }, t('att.noSessions')));
    return null;
  }
  const load = async () => {
    try {
      const sessions = await api(`/api/v1/sites/${encodeURIComponent(site)}/attendance/sessions?date=${date}`);
      board.replaceChildren(sessions.length ? sessionsTable(site, sessions) : h('p', { class: 'muted' }, t('att.noSessions')));
    } catch (e) {
      board.replaceChildren(failure(e));
    }
  };
  await load();
  let pending = null;
  return liveEvents(`?site=${encodeURIComponent(site)}`, (name) => {
    if (name === 'attendance' && !pending) {
      pending = setTimeout(() => {
        pending = null;
        load();
      }, 500);
    }
  });
}

function sessionsTable(site, sessions) {
  return table(
    [['att.class'], ['col.room'], ['att.time'], ['att.students', 'num'], ['att.present', 'num'],
      ['att.late', 'num'], ['att.absent', 'num'], ['att.excused', 'num'], ['att.unmarked', 'num'], ['col.actions']],
    sessions.map((s) => h('tr', { 'data-session': s.entryId },
      h('td', {}, s.classTitle || s.classId, s.closed ? [' ', badge('INFO', t('att.closed'))] : []),
      h('td', {}, s.room),
      h('td', {}, `${s.start}–${s.end}`),
      h('td', { class: 'num' }, String(s.students)),
      h('td', { class: 'num present' }, String(s.present)),
      h('td', { class: 'num late' }, String(s.late)),
      h('td', { class: 'num absent' }, String(s.absent)),
      h('td', { class: 'num' }, String(s.excused)),
      h('td', { class: 'num' }, String(s.unmarked)),
      h('td', {}, h('a', { href: `#/session/${encodeURIComponent(site)}/${encodeURIComponent(s.entryId)}/${s.date}` }, t('att.open'))))));
}

export async function classList(container, site, entryId, date) {
  const panel = h('section', { class: 'panel', id: 'class-list' });
  const back = h('a', { href: `#/attendance/${encodeURIComponent(site)}/${date}` }, t('att.back'));
  container.append(back, panel);
  const load = async () => {
    try {
      const list = await api(`/api/v1/sites/${encodeURIComponent(site)}/attendance/sessions/${encodeURIComponent(entryId)}/${date}`);
      const s = list.session;
      panel.replaceChildren(
        h('h1', {}, `${s.classTitle || s.classId} · ${s.room} · ${s.date} ${s.start}–${s.end}`),
        h('p', {}, `${t('att.present')} ${s.present} · ${t('att.late')} ${s.late} · ${t('att.absent')} ${s.absent} · ${t('att.excused')} ${s.excused} · ${t('att.unmarked')} ${s.unmarked}`),
        table([['att.student'], ['att.status'], ['att.source'], ['col.time'], ['att.reason'], ['col.actions']],
          list.students.map((student) => studentRow(site, entryId, date, student, s.closed, load))));
    } catch (e) {
      panel.replaceChildren(failure(e));
    }
  };
  await load();
  let pending = null;
  return liveEvents(`?site=${encodeURIComponent(site)}`, (name, event) => {
    if (name === 'attendance' && event.entryId === entryId && !pending) {
      pending = setTimeout(() => {
        pending = null;
        load();
      }, 500);
    }
  });
}

function studentRow(site, entryId, date, student, closed, reload) {
  const id = `mark-${student.userId}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const status = h('select', { id: id + '-status', 'aria-label': `${t('att.status')}: ${student.givenName} ${student.familyName}`, disabled: closed },
    STATUSES.map((value) => h('option', { value, selected: value === student.status }, t('status.' + value))));
  const reason = h('input', { id: id + '-reason', 'aria-label': `${t('att.reason')}: ${student.givenName} ${student.familyName}`, value: '', disabled: closed });
  const message = h('span', { class: 'muted', role: 'status' });
  const save = h('button', {
    type: 'button',
    class: 'save',
    disabled: closed,
    onclick: async () => {
      if (!reason.value.trim()) {
        message.textContent = t('att.reasonRequired');
        message.className = 'error';
        reason.focus();
        return;
      }
      save.disabled = true;
      try {
        await api(`/api/v1/sites/${encodeURIComponent(site)}/attendance/sessions/${encodeURIComponent(entryId)}/${date}/marks/${encodeURIComponent(student.userId)}`,
          { method: 'PUT', body: { status: status.value, reason: reason.value.trim() } });
        announce(t('att.saved'));
        await reload();
      } catch (e) {
        save.disabled = false;
        message.replaceChildren(failure(e));
      }
    },
  }, t('att.save'));
  return h('tr', { 'data-student': student.userId },
    h('td', {}, `${student.familyName} ${student.givenName}`),
    h('td', { class: 'status' }, student.status ? badge(student.status, t('status.' + student.status)) : t('status.none')),
    h('td', {}, student.source || t('room.none')),
    h('td', {}, student.tappedAt ? time(student.tappedAt) : t('room.none')),
    h('td', {}, student.reason || ''),
    h('td', {}, h('div', { class: 'row' }, status, reason, save, message)));
}
