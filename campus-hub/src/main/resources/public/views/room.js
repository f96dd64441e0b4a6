// A room: current values, day and week charts from the rollups, devices, display usage, alerts.
import { api, badge, failure, h, liveEvents, t, table, time, today } from '../core.js';
import { ROOM_METRICS, alertsTable, formatValue } from './shared.js';

export async function room(container, site, roomId) {
  let rooms;
  try {
    rooms = await api(`/api/v1/rooms?site=${encodeURIComponent(site || '')}`);
  } catch (e) {
    container.append(failure(e, 'room.forbidden'));
    return null;
  }
  const current = rooms.find((r) => r.id === roomId);
  if (!current) {
    container.append(h('p', { class: 'error', role: 'alert' }, t('room.notFound')));
    return null;
  }
  const values = h('section', { class: 'panel', id: 'room-values' });
  const charts = h('div', { class: 'charts', id: 'charts' });
  const range = h('select', { id: 'range', 'aria-label': t('room.charts') },
    h('option', { value: 'day' }, t('room.day')), h('option', { value: 'week' }, t('room.week')));
  const devices = h('section', { class: 'panel', id: 'devices' });
  const usage = h('section', { class: 'panel', id: 'usage' });
  const occupancy = h('section', { class: 'panel', id: 'occupancy' });
  const alerts = h('section', { class: 'panel', id: 'room-alerts' });
  container.append(
    h('h1', {}, `${current.name} `, badge(current.comfort, t('comfort.' + current.comfort))),
    values,
    h('h2', {}, t('room.charts')), h('div', { class: 'row' }, range), charts,
    h('h2', {}, t('room.devices')), devices,
    h('h2', {}, t('room.occupancy')), occupancy,
    h('h2', {}, t('room.usage')), usage,
    h('h2', {}, t('room.alerts')), alerts);

  renderValues(values, current);
  renderDevices(devices, current, site, roomId);
  const drawCharts = () => loadCharts(charts, site, roomId, range.value);
  range.addEventListener('change', drawCharts);
  drawCharts();
  loadUsage(usage, site, roomId);
  loadOccupancy(occupancy, site, roomId);
  const loadAlerts = async () => {
    try {
      const list = (await api(`/api/v1/alerts?site=${encodeURIComponent(site)}&limit=200`))
        .filter((a) => a.room === roomId && a.state !== 'CLEARED');
      alerts.replaceChildren(list.length ? alertsTable(list, loadAlerts) : h('p', { class: 'muted' }, t('overview.noAlerts')));
    } catch (e) {
      alerts.replaceChildren(failure(e));
    }
  };
  loadAlerts();

  return liveEvents(`?site=${encodeURIComponent(site)}&room=${encodeURIComponent(roomId)}`, (name, event) => {
    if (name === 'reading' && event.room === roomId) {
      current.latest[event.metric] = { ...event, deviceId: event.device, sourceTime: event.time };
      renderValues(values, current);
    } else if (name === 'alert') {
      loadAlerts();
    }
  });
}

function renderValues(panel, room) {
  const metrics = Object.keys(room.latest).sort();
  if (!metrics.length) {
    panel.replaceChildren(h('p', { class: 'muted' }, t('room.noData')));
    return;
  }
  panel.replaceChildren(table(
    [['col.metric'], ['col.value', 'num'], ['col.quality'], ['col.device'], ['col.time']],
    metrics.map((metric) => {
      const v = room.latest[metric];
      const level = room.comfortByMetric[metric];
      return h('tr', { 'data-metric': metric },
        h('td', {}, t('metric.' + metric) === 'metric.' + metric ? metric : t('metric.' + metric)),
        h('td', { class: 'num' }, formatValue(metric, v), level ? [' ', badge(level, t('comfort.' + level))] : []),
        h('td', {}, v.quality + (v.qualityReason ? `: ${v.qualityReason}` : '')),
        h('td', {}, v.deviceId),
        h('td', {}, time(v.sourceTime)));
    })));
}

async function renderDevices(panel, room, site, roomId) {
  const byDevice = new Map();
  for (const [metric, v] of Object.entries(room.latest)) {
    const entry = byDevice.get(v.deviceId) || { metrics: [], quality: 'GOOD', time: v.sourceTime };
    entry.metrics.push(metric);
    if (v.quality !== 'GOOD') entry.quality = v.quality;
    if (v.sourceTime > entry.time) entry.time = v.sourceTime;
    byDevice.set(v.deviceId, entry);
  }
  let states = [];
  try {
    states = (await api(`/api/v1/equipment-states?site=${encodeURIComponent(site)}&lab=false`))
      .filter((s) => s.room === roomId);
  } catch (e) {
    // teachers do not see equipment states; the readings' devices are still listed
  }
  for (const s of states) {
    const entry = byDevice.get(s.deviceId) || { metrics: [], quality: null, time: s.lastEventAt };
    entry.state = s.state;
    entry.since = s.stateSince;
    byDevice.set(s.deviceId, entry);
  }
  if (!byDevice.size) {
    panel.replaceChildren(h('p', { class: 'muted' }, t('room.noData')));
    return;
  }
  panel.replaceChildren(table(
    [['col.device'], ['col.metric'], ['col.quality'], ['col.state'], ['col.time']],
    [...byDevice.entries()].map(([id, d]) => h('tr', {},
      h('td', {}, id),
      h('td', {}, d.metrics.join(', ') || t('room.none')),
      h('td', {}, d.quality ? badge(d.quality === 'GOOD' ? 'GOOD' : 'POOR', d.quality) : t('room.none')),
      h('td', {}, d.state ? `${d.state} (${t('col.since')} ${time(d.since)})` : t('room.none')),
      h('td', {}, time(d.time))))));
}

async function loadCharts(panel, site, roomId, range) {
  const to = new Date();
  const from = new Date(to.getTime() - (range === 'week' ? 7 * 86400e3 : 86400e3));
  const resolution = range === 'week' ? '1h' : '1m';
  panel.replaceChildren();
  for (const metric of ROOM_METRICS) {
    const box = h('figure', { class: 'chart', 'data-chart': metric },
      h('h3', {}, t('metric.' + metric)));
    panel.append(box);
    try {
      const query = new URLSearchParams({
        site, room: roomId, metric, from: from.toISOString(), to: to.toISOString(), resolution, limit: '10000',
      });
      const result = await api('/api/v1/readings?' + query);
      // Two devices measuring the same metric in a room: chart the one with most points.
      const byDevice = new Map();
      for (const p of (result.points || []).filter((p) => p.avg !== null && p.avg !== undefined)) {
        byDevice.set(p.deviceId, [...(byDevice.get(p.deviceId) || []), p]);
      }
      const points = [...byDevice.values()].sort((a, b) => b.length - a.length)[0] || [];
      if (!points.length) {
        box.append(h('p', { class: 'muted' }, t('room.noData')));
        continue;
      }
      const xs = points.map((p) => Date.parse(p.time) / 1000);
      const avg = points.map((p) => p.avg);
      const min = points.map((p) => p.min);
      const max = points.map((p) => p.max);
      const width = Math.max(280, box.clientWidth - 16);
      // uPlot draws on a canvas: the figure's caption gives the newest average in text.
      new window.uPlot({
        width, height: 180, legend: { show: false },
        scales: { x: { time: true, range: [from.getTime() / 1000, to.getTime() / 1000] } },
        series: [{}, { label: 'avg', stroke: '#0b57a4', width: 2 },
          { label: 'min', stroke: '#9fb4c9' }, { label: 'max', stroke: '#9fb4c9' }],
        axes: [{}, { size: 50 }],
      }, [xs, avg, min, max], box);
      box.append(h('figcaption', { class: 'muted' },
        `${t('common.updated')}: ${formatValue(metric, { value: avg[avg.length - 1] })}`));
    } catch (e) {
      box.append(failure(e));
    }
  }
}

async function loadUsage(panel, site, roomId) {
  try {
    const rows = (await api(`/api/v1/sites/${encodeURIComponent(site)}/usage/displays?to=${today()}`))
      .filter((u) => u.room === roomId);
    panel.replaceChildren(rows.length
      ? table([['col.period'], ['col.device'], ['col.onHours', 'num'], ['col.sessions', 'num'], ['col.utilisation', 'num']],
        rows.map((u) => h('tr', {},
          h('td', {}, u.period), h('td', {}, u.deviceId),
          h('td', { class: 'num' }, u.onHours.toFixed(1)),
          h('td', { class: 'num' }, String(u.sessions)),
          h('td', { class: 'num' }, u.utilisation === null || u.utilisation === undefined
            ? t('room.none') : `${Math.round(u.utilisation * 100)} %`))))
      : h('p', { class: 'muted' }, t('room.noData')));
  } catch (e) {
    panel.replaceChildren(failure(e));
  }
}

async function loadOccupancy(panel, site, roomId) {
  try {
    const rows = (await api(`/api/v1/sites/${encodeURIComponent(site)}/usage/rooms?to=${today()}`))
      .filter((r) => r.room === roomId);
    const hours = (value) => value.toFixed(1);
    panel.replaceChildren(rows.length
      ? table([['col.period'], ['occ.lessonHours', 'num'], ['occ.lessons', 'num'], ['occ.empty', 'num'],
        ['occ.inLessons', 'num'], ['occ.outside', 'num'], ['occ.share', 'num']],
      rows.map((r) => h('tr', {},
        h('td', {}, r.period),
        h('td', { class: 'num' }, hours(r.lessonHours)),
        h('td', { class: 'num' }, String(r.lessons)),
        h('td', { class: 'num' }, String(r.emptyLessons)),
        h('td', { class: 'num' }, hours(r.occupiedInLessonsHours)),
        h('td', { class: 'num' }, hours(r.occupiedOutsideLessonsHours)),
        h('td', { class: 'num' }, r.lessonOccupancy === null || r.lessonOccupancy === undefined
          ? t('room.none') : `${Math.round(r.lessonOccupancy * 100)} %`))))
      : h('p', { class: 'muted' }, t('room.noData')));
  } catch (e) {
    panel.replaceChildren(failure(e));
  }
}
