// Technicians' fleet: every gateway with online state, last seen, version, outbox depth and age,
// clock sync and problems; actions send hub commands (rebirth, restart a device, poll interval).
import { announce, api, badge, failure, h, liveEvents, t, table, time } from '../core.js';

export async function fleet(container) {
  const panel = h('section', { class: 'panel', id: 'gateways' });
  container.append(h('h1', {}, t('fleet.title')), panel);
  const load = async () => {
    try {
      const gateways = await api('/api/v1/gateways');
      panel.replaceChildren(gateways.length
        ? table([['fleet.gateway'], ['fleet.online'], ['fleet.lastSeen'], ['fleet.version'], ['fleet.outbox', 'num'],
          ['fleet.oldest'], ['fleet.clock'], ['fleet.problems'], ['col.actions']], gateways.map(row))
        : h('p', { class: 'muted' }, t('fleet.empty')));
    } catch (e) {
      panel.replaceChildren(failure(e));
    }
  };
  await load();
  const timer = setInterval(load, 15000);
  const stop = liveEvents('', (name) => {
    if (name === 'gateway') load();
  });
  return () => {
    clearInterval(timer);
    stop();
  };
}

function row(g) {
  const oldest = g.outboxOldest ? age(g.outboxOldest) : t('room.none');
  return h('tr', { 'data-gateway': g.id },
    h('td', {}, g.id, h('div', { class: 'muted' }, g.site)),
    h('td', {}, badge(g.online ? 'online' : 'offline', g.online ? t('fleet.online') : t('fleet.offline'))),
    h('td', {}, time(g.lastSeen)),
    h('td', {}, g.version || t('room.none')),
    h('td', { class: 'num' }, g.outboxPending === null || g.outboxPending === undefined ? t('room.none') : String(g.outboxPending)),
    h('td', {}, oldest),
    h('td', {}, g.clockSynced === null || g.clockSynced === undefined ? t('room.none')
      : badge(g.clockSynced ? 'GOOD' : 'WARNING', `${g.clockSynced ? t('fleet.synced') : t('fleet.unsynced')} (${g.clockSource || '?'})`)),
    h('td', { class: 'problems' }, (g.problems || []).length ? h('ul', {}, g.problems.map((p) => h('li', {}, p))) : t('room.none')),
    h('td', {}, actions(g)));
}

function age(iso) {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

function actions(g) {
  const message = h('span', { class: 'muted', role: 'status' });
  const send = async (body) => {
    message.replaceChildren();
    try {
      const command = await api(`/api/v1/gateways/${encodeURIComponent(g.id)}/commands`, { method: 'POST', body });
      message.textContent = `${t('fleet.sent')} (${command.state || command.id || ''})`;
      announce(message.textContent);
    } catch (e) {
      message.replaceChildren(failure(e));
    }
  };
  const device = h('input', { 'aria-label': `${t('fleet.deviceId')} (${g.id})`, placeholder: t('fleet.deviceId'), size: 10 });
  const poll = h('input', { 'aria-label': `${t('fleet.poll')} (${g.id})`, type: 'number', min: 100, step: 100, placeholder: 'ms', size: 6 });
  return h('div', { class: 'row' },
    h('button', { type: 'button', class: 'secondary', onclick: () => send({ type: 'rebirth' }) }, t('fleet.rebirth')),
    device,
    h('button', { type: 'button', class: 'secondary', onclick: () => send({ type: 'restart-device', deviceId: device.value.trim() }) }, t('fleet.restart')),
    poll,
    h('button', { type: 'button', class: 'secondary', onclick: () => send({ type: 'set-poll-interval', deviceId: device.value.trim(), pollIntervalMs: Number(poll.value) }) }, t('fleet.poll')),
    message);
}
