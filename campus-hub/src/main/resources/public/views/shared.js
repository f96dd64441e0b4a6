// Pieces more than one page shows: formatted metric values, current lessons, the alerts table.
import { api, announce, badge, failure, h, hasRole, minutesOf, schoolNow, t, table, time } from '../core.js';

export const ROOM_METRICS = ['co2', 'temperature', 'humidity', 'illuminance', 'noise'];
const UNITS = { co2: 'ppm', temperature: '°C', humidity: '%', illuminance: 'lx', noise: 'dB(A)' };

export function formatValue(metric, latest) {
  if (!latest || latest.value === null || latest.value === undefined) return t('room.none');
  if (metric === 'occupied' || metric === 'occupancy') {
    const on = latest.value === true || Number(latest.value) > 0;
    return on ? t('room.occupied') : t('room.empty');
  }
  const value = typeof latest.value === 'number' ? latest.value : Number(latest.value);
  if (Number.isNaN(value)) return String(latest.value);
  const digits = metric === 'co2' || metric === 'illuminance' ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[metric] || latest.unit || ''}`.trim();
}

/** Lessons going on now per site and room, for the people who may see the timetable. */
export async function currentLessons(sites) {
  const lessons = new Map();
  if (!hasRole('SECTOR_ADMIN', 'SCHOOL_ADMIN', 'TEACHER')) return lessons;
  const now = schoolNow();
  for (const site of sites) {
    try {
      const sessions = await api(`/api/v1/sites/${encodeURIComponent(site)}/attendance/sessions?date=${now.date}`);
      for (const s of sessions) {
        if (minutesOf(s.start) <= now.minutes && now.minutes < minutesOf(s.end)) {
          lessons.set(`${site}/${s.room}`, s);
        }
      }
    } catch (e) {
      // a school without a timetable, or one the caller may not read: no current class shown
    }
  }
  return lessons;
}

/** Alerts with an acknowledge button for open ones; onChange runs after an acknowledgement. */
export function alertsTable(alerts, onChange) {
  const rows = alerts.map((a) => h('tr', { 'data-alert': a.id },
    h('td', {}, badge(a.severity, a.severity)),
    h('td', {}, a.kind),
    h('td', {}, a.room || t('room.none')),
    h('td', {}, a.subject, h('br'), h('span', { class: 'muted' }, a.detail)),
    h('td', {}, time(a.raisedAt)),
    h('td', {}, a.state === 'OPEN'
      ? h('button', {
        type: 'button',
        class: 'ack',
        'aria-label': `${t('alert.ack')}: ${a.subject}`,
        onclick: async (event) => {
          event.target.disabled = true;
          try {
            await api(`/api/v1/alerts/${a.id}/acknowledge`, { method: 'POST' });
            announce(t('alert.acked'));
            onChange();
          } catch (e) {
            event.target.replaceWith(failure(e));
          }
        },
      }, t('alert.ack'))
      : h('span', { class: 'acked' }, `${t('alert.acked')} (${a.acknowledgedBy || ''})`))));
  return table(
    [['col.severity'], ['col.kind'], ['col.room'], ['col.subject'], ['col.raised'], ['col.actions']],
    rows);
}
