// Lab instruments: state and since when, current run, active alarm, operating hours; refreshed
// when an alert arrives and every 30 s.
import { api, badge, failure, h, liveEvents, t, table, time } from '../core.js';

export async function labs(container) {
  const panel = h('section', { class: 'panel', id: 'instruments' });
  const detail = h('section', { id: 'timeline' });
  container.append(h('h1', {}, t('labs.title')), panel);
  const load = async () => {
    try {
      const instruments = await api('/api/v1/equipment-states?lab=true');
      panel.replaceChildren(instruments.length
        ? table([['col.device'], ['col.room'], ['col.state'], ['labs.run'], ['labs.alarm'], ['labs.hours', 'num'], ['labs.runs', 'num'], ['fleet.gateway']],
          instruments.map((i) => h('tr', { 'data-device': i.deviceId },
            h('td', {}, i.deviceId, i.model ? h('div', { class: 'muted' }, i.model) : null),
            h('td', {}, i.room || t('room.none')),
            h('td', { class: 'state' }, i.state || t('room.none'), h('div', { class: 'muted' }, `${t('col.since')} ${time(i.stateSince)}`)),
            h('td', {}, i.runId ? `${i.runId} (${time(i.runStartedAt)})` : t('labs.noRun')),
            h('td', { class: 'alarm' }, i.alarm
              ? [badge(i.alarm.severity || 'WARNING', i.alarm.code), ' ', i.alarm.message || '', h('div', { class: 'muted' }, time(i.alarm.since))]
              : t('labs.noAlarm')),
            h('td', { class: 'num' }, i.operatingHours.toFixed(2)),
            h('td', { class: 'num' }, String(i.runsStarted)),
            h('td', {}, badge(i.gatewayOnline ? 'online' : 'offline', i.gatewayOnline ? t('fleet.online') : t('fleet.offline')),
              ' ', h('button', { type: 'button', class: 'secondary timeline', onclick: () => showTimeline(detail, i) }, t('labs.timeline'))))))
        : h('p', { class: 'muted' }, t('labs.empty')));
      panel.append(detail);
    } catch (e) {
      panel.replaceChildren(failure(e));
    }
  };
  await load();
  const timer = setInterval(load, 30000);
  const stop = liveEvents('', (name) => {
    if (name === 'alert' || name === 'gateway') load();
  });
  return () => {
    clearInterval(timer);
    stop();
  };
}

/** The last 24 hours of one instrument: states, runs with their attributes, alarms. */
async function showTimeline(detail, instrument) {
  detail.replaceChildren(h('p', { class: 'muted' }, t('common.loading')));
  try {
    const tl = await api(`/api/v1/equipment-states/${encodeURIComponent(instrument.gatewayId)}/${encodeURIComponent(instrument.deviceId)}/timeline`);
    const spans = (list, kind) => list.map((s) => h('tr', {},
      h('td', {}, kind), h('td', {}, s.name),
      h('td', {}, time(s.from)), h('td', {}, s.to ? time(s.to) : t('labs.ongoing')),
      h('td', {}, [s.severity, s.message, ...Object.entries(s.attributes || {}).map(([k, v]) => `${k}=${v}`)].filter(Boolean).join(' · '))));
    detail.replaceChildren(
      h('h2', {}, `${t('labs.timeline')}: ${instrument.deviceId}`),
      h('div', { class: 'panel' }, table([['col.kind'], ['col.state'], ['col.since'], ['labs.until'], ['labs.details']],
        [...spans(tl.states, t('col.state')), ...spans(tl.runs, t('labs.run')), ...spans(tl.alarms, t('labs.alarm'))])));
    detail.querySelector('h2').scrollIntoView();
  } catch (e) {
    detail.replaceChildren(failure(e));
  }
}
