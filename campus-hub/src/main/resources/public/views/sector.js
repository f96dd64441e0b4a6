// Sector administrators: every school with its gateways' health and today's attendance
// completeness (marked students out of those expected in lessons that have started).
import { api, failure, h, minutesOf, schoolNow, t, table } from '../core.js';

export async function sector(container) {
  const panel = h('section', { class: 'panel', id: 'schools' });
  container.append(h('h1', {}, t('sector.title')), panel);
  let gateways;
  let sites;
  try {
    [gateways, sites] = await Promise.all([api('/api/v1/gateways'), api('/api/v1/sites')]);
  } catch (e) {
    panel.append(failure(e));
    return null;
  }
  if (!sites.length) {
    panel.append(h('p', { class: 'muted' }, t('sector.empty')));
    return null;
  }
  const rows = [];
  for (const school of sites) {
    const site = school.site;
    const mine = gateways.filter((g) => g.site === site);
    rows.push(h('tr', { 'data-site': site },
      h('td', {}, h('a', { href: `#/attendance/${encodeURIComponent(site)}` }, site),
        school.name ? h('div', {}, school.name) : null,
        school.province ? h('div', { class: 'muted' }, school.province) : null),
      h('td', { class: 'num' }, String(school.rooms)),
      h('td', { class: 'num' }, `${school.gatewaysOnline} / ${school.gateways}`),
      h('td', { class: 'num' }, String(mine.filter((g) => (g.problems || []).length > 0).length)),
      h('td', { class: 'num' }, await completeness(site))));
  }
  panel.append(table([['sector.school'], ['sector.rooms', 'num'], ['sector.gateways', 'num'], ['sector.problems', 'num'], ['sector.completeness', 'num']], rows));
  return null;
}

async function completeness(site) {
  try {
    const now = schoolNow();
    const sessions = await api(`/api/v1/sites/${encodeURIComponent(site)}/attendance/sessions?date=${now.date}`);
    const started = sessions.filter((s) => minutesOf(s.start) <= now.minutes);
    const expected = started.reduce((sum, s) => sum + s.students, 0);
    if (!expected) return t('room.none');
    const marked = started.reduce((sum, s) => sum + s.students - s.unmarked, 0);
    return `${Math.round((100 * marked) / expected)} % (${marked} / ${expected})`;
  } catch (e) {
    return t('room.none');
  }
}
