// School overview: a tile per room with live values and comfort colour, current class and open
// alerts; readings arrive over SSE and update the tiles without a reload.
import { api, badge, failure, h, liveEvents, t } from '../core.js';
import { alertsTable, currentLessons, formatValue } from './shared.js';

const TILE_METRICS = ['co2', 'temperature', 'humidity', 'occupancy'];

export async function overview(container) {
  const tiles = h('div', { class: 'grid', id: 'rooms' });
  const alertsPanel = h('section', { class: 'panel', id: 'alerts', 'aria-labelledby': 'alerts-title' });
  container.append(h('h1', {}, t('overview.title')), tiles,
    h('h2', { id: 'alerts-title' }, t('overview.alerts')), alertsPanel);

  let rooms = [];
  let lessons = new Map();
  let alerts = [];

  const renderTiles = () => {
    if (!rooms.length) {
      tiles.replaceChildren(h('p', { class: 'muted' }, t('overview.empty')));
      return;
    }
    tiles.replaceChildren(...rooms.map((room) => tile(room, lessons, alerts)));
  };
  const loadRooms = async () => {
    rooms = await api('/api/v1/rooms');
    const sites = [...new Set(rooms.map((r) => r.site))];
    lessons = await currentLessons(sites);
    renderTiles();
  };
  const loadAlerts = async () => {
    try {
      // Open and acknowledged ones: an acknowledged alert stays until its cause is gone.
      alerts = (await api('/api/v1/alerts?limit=200')).filter((a) => a.state !== 'CLEARED');
      alertsPanel.replaceChildren(alerts.length
        ? alertsTable(alerts, loadAlerts)
        : h('p', { class: 'muted' }, t('overview.noAlerts')));
    } catch (e) {
      alertsPanel.replaceChildren(failure(e));
    }
    renderTiles();
  };
  try {
    await loadRooms();
  } catch (e) {
    container.replaceChildren(failure(e));
    return null;
  }
  await loadAlerts();

  // Comfort comes from the server's bands: refresh the room list at most every 5 s while values
  // arrive; the value itself is shown at once.
  let refresh = null;
  return liveEvents('', (name, event) => {
    if (name === 'reading') {
      showReading(tiles, event);
      if (!refresh) {
        refresh = setTimeout(() => {
          refresh = null;
          loadRooms().catch(() => {});
        }, 5000);
      }
    } else if (name === 'alert') {
      loadAlerts();
    }
  });
}

function tile(room, lessons, alerts) {
  const lesson = lessons.get(`${room.site}/${room.id}`);
  const open = alerts.filter((a) => a.site === room.site && a.room === room.id && a.state === 'OPEN').length;
  const occupancy = room.latest.occupied ? 'occupied' : 'occupancy';
  const rows = TILE_METRICS.map((metric) => {
    const key = metric === 'occupancy' ? occupancy : metric;
    return [h('dt', {}, t('metric.' + metric)),
      h('dd', { 'data-metric': key }, formatValue(key, room.latest[key]))];
  });
  return h('a', {
    class: 'tile',
    href: `#/room/${encodeURIComponent(room.site)}/${encodeURIComponent(room.id)}`,
    id: tileId(room.site, room.id),
    'data-comfort': room.comfort,
  },
  h('h3', {}, room.name, ' ', badge(room.comfort, t('comfort.' + room.comfort))),
  h('dl', {}, rows.flat(),
    h('dt', {}, t('room.class')), h('dd', { class: 'lesson' }, lesson ? lesson.classTitle : t('room.none')),
    h('dt', {}, t('room.alerts')), h('dd', { class: 'alert-count' }, String(open))),
  h('span', { class: 'muted', 'data-updated': '' }, room.site));
}

function tileId(site, room) {
  return `tile-${site}-${room}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

function showReading(tiles, event) {
  if (!event.room) return;
  const el = tiles.querySelector('#' + tileId(event.site, event.room));
  if (!el) return;
  const cell = el.querySelector(`[data-metric="${CSS.escape(event.metric)}"]`);
  if (cell) cell.textContent = formatValue(event.metric, event);
  el.querySelector('[data-updated]').textContent = `${event.site} · ${t('common.updated')} ${new Date(event.time).toLocaleTimeString()}`;
}
