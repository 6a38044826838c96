'use strict';
/*
 * The audit view (#/audit, admins only): this node's recent admin changes, through the API (via rest) and through
 * Kafka clients (via kafka), newest first, as GET /api/audit keeps them. The filter form and the paging links only
 * change the route's query (user, action, resource, outcome, offset), so a filtered page is a link one can share.
 */
const AUDIT_PAGE = 50;
const AUDIT_FILTERS = ['user', 'action', 'resource', 'outcome'];

async function audit(query) {
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const chosen = AUDIT_FILTERS.filter(name => query.get(name)).map(name => [name, query.get(name)]);
  const found = await Api.get('/audit?' + new URLSearchParams([...chosen, ['offset', offset], ['limit', AUDIT_PAGE]]));
  const at = moved => '#/audit?' + new URLSearchParams([...chosen, ['offset', moved]]);
  const details = entry => Object.entries(entry.details).map(([key, value]) => `${esc(key)}=${esc(value)}`).join(' ');
  view.innerHTML = `
    <h1>Audit</h1>
    <p class="muted">The last ${found.capacity} admin changes asked of this node, through the API (<code>rest</code>) and
      through Kafka clients (<code>kafka</code>), newest first; each node keeps its own. Filters match a part of the field,
      in any case.</p>
    <form id="audit-filter" class="card inline">
      ${AUDIT_FILTERS.map(name => `<label>${name[0].toUpperCase() + name.slice(1)}
        <input name="${name}" id="audit-${name}" value="${esc(query.get(name) || '')}" placeholder="any"></label>`).join('')}
      <button type="submit" id="audit-submit">Filter</button>
    </form>
    <p id="audit-count" class="muted">${found.total ? `${offset + 1}–${offset + found.entries.length} of ${found.total}` : 'No changes match.'}</p>
    <table id="audit"><thead><tr><th>Time</th><th>Via</th><th>User</th><th>Source</th><th>Action</th><th>Resource</th>
      <th>Outcome</th><th>Details</th></tr></thead><tbody>
      ${found.entries.map(e => `<tr class="${e.outcome === 'ok' ? '' : 'refused'}"><td class="time">${time(Date.parse(e.time))}</td><td>${esc(e.via)}</td>
        <td class="user">${esc(e.user)}</td><td>${esc(e.source)}${e.client ? ` <span class="muted">${esc(e.client)}</span>` : ''}</td>
        <td class="action">${esc(e.action)}</td><td class="resource"><code>${esc(e.resource)}</code></td>
        <td class="outcome">${esc(e.outcome)}</td><td class="details">${details(e)}</td></tr>`).join('')}
    </tbody></table>
    <p class="pages">
      ${offset > 0 ? `<a id="audit-newer" href="${at(Math.max(0, offset - AUDIT_PAGE))}">← Newer</a>` : ''}
      ${offset + AUDIT_PAGE < found.total ? `<a id="audit-older" href="${at(offset + AUDIT_PAGE)}">Older →</a>` : ''}
    </p>`;
  $('#audit-filter').addEventListener('submit', event => {
    event.preventDefault();
    const wanted = [...new FormData(event.target)].filter(([, value]) => value.trim());
    location.hash = '#/audit' + (wanted.length ? '?' + new URLSearchParams(wanted) : '');
  });
}

pages.audit = (parts, query) => audit(query);
