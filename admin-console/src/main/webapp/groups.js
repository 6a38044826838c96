'use strict';
/* Groups (#/groups) and a group's page (#/groups/<id>), a consumer or a share group. */
async function groups() {
  const list = await Api.get('/groups');
  view.innerHTML = `
    <h1>Consumer groups</h1>
    <table id="groups"><thead><tr><th>Group</th><th>State</th><th>Type</th><th>Protocol</th></tr></thead><tbody>
      ${list.map(g => `<tr><td><a href="#/groups/${enc(g.groupId)}">${esc(g.groupId)}</a></td><td>${esc(g.state)}</td>
        <td>${esc(g.type)}</td><td>${esc(g.protocol)}</td></tr>`).join('')}
    </tbody></table>
    ${list.length ? '' : '<p class="muted">No groups yet.</p>'}`;
}

const memberRows = members => members.map(m => `<tr data-member="${esc(m.memberId)}"><td>${esc(m.memberId)}</td>
  <td class="client">${esc(m.clientId)}</td><td>${esc(m.host)}</td><td class="assigned">${esc(m.assignments.join(', '))}</td></tr>`).join('');

async function group(id) {
  const g = await Api.get('/groups/' + enc(id));
  if (g.type === 'SHARE') return shareGroup(id, g);
  view.innerHTML = `
    <h1>Group ${esc(id)}</h1>
    <div class="grid">
      <div class="stat"><b id="group-state">${esc(g.state)}</b><span>state</span></div>
      <div class="stat"><b id="group-lag">${g.totalLag}</b><span>total lag</span></div>
      <div class="stat"><b>${g.members.length}</b><span>members</span></div>
      <div class="stat"><b>${g.coordinatorId}</b><span>coordinator</span></div>
    </div>
    <h2>Lag per partition</h2>
    <table id="group-offsets"><thead><tr><th>Topic</th><th>Partition</th><th class="num">Committed</th>
      <th class="num">Log end</th><th class="num">Lag</th><th>Member</th></tr></thead><tbody>
      ${g.offsets.map(o => `<tr data-partition="${esc(o.topic)}-${o.partition}"><td>${esc(o.topic)}</td><td>${o.partition}</td>
        <td class="num">${o.committedOffset ?? '—'}</td><td class="num">${o.logEndOffset}</td>
        <td class="num lag">${o.lag ?? '—'}</td><td>${esc(o.memberId || '')}</td></tr>`).join('')}
    </tbody></table>
    <h2>Total lag</h2>
    <div class="card"><svg id="lag-chart" class="chart"></svg></div>
    <h2>Members</h2>
    <table><thead><tr><th>Member</th><th>Client</th><th>Host</th><th>Assigned</th></tr></thead><tbody>
      ${memberRows(g.members)}
    </tbody></table>
    <div class="row admin-only">
      <form id="reset-offsets" class="card">
        <h2>Reset offsets</h2>
        <p class="muted">Only while the group has no active members.</p>
        <label>Topic <input name="topic" required value="${esc(g.offsets[0]?.topic || '')}"></label>
        <label>Partition <input name="partition" type="number" min="0" placeholder="all"></label>
        <label>To <select name="to" id="reset-to"><option>earliest</option><option>latest</option><option>offset</option><option>timestamp</option></select></label>
        <label>Offset, or timestamp (ms) <input name="value" type="number"></label>
        <button type="submit" id="reset-submit" data-busy="Resetting…">Reset</button>
      </form>
      <div class="card">
        <h2>Delete</h2>
        <p class="muted">Removes the group and its committed offsets.</p>
        <button type="button" class="danger" id="delete-group">Delete group ${esc(id)}</button>
      </div>
    </div>`;
  adminOnly();
  action($('#reset-offsets'), async form => {
    const body = { topic: form.get('topic'), to: form.get('to') };
    if (form.get('partition') !== '') body.partition = Number(form.get('partition'));
    if (body.to === 'offset') body.offset = Number(form.get('value'));
    if (body.to === 'timestamp') body.timestamp = Number(form.get('value'));
    const result = await Api.post(`/groups/${enc(id)}/offsets`, body);
    const moved = result.offsets.filter(o => o.topic === body.topic && (body.partition === undefined || o.partition === body.partition));
    return `Offsets of ${body.topic} reset (${moved.length} partition${moved.length === 1 ? '' : 's'}); total lag now ${result.totalLag}.`;
  });
  $('#delete-group').addEventListener('click', async () => {
    if (!await confirmed(`Delete consumer group ${id} and its committed offsets? Its consumers start again from their auto.offset.reset position.`)) return;
    try {
      await Api.del('/groups/' + enc(id));
      location.hash = '#/groups';
    } catch (error) {
      problemAt($('#delete-group'), error);
    }
  });
  const chart = new LiveChart($('#lag-chart'), 'records behind');
  every(POLL_MS, async () => {
    const now = await Api.get('/groups/' + enc(id)).catch(() => null);
    if (!now) return;
    chart.add(now.totalLag);
    $('#group-lag').textContent = now.totalLag;
  });
}

/**
 * A share group (KIP-932): its members and, per partition, the records in flight by state, re-read every POLL_MS.
 * Acquired records are counted only where this server's node leads the partition (the API says null elsewhere).
 */
function shareGroup(id, g) {
  view.innerHTML = `
    <h1>Share group ${esc(id)}</h1>
    <div class="grid">
      <div class="stat"><b id="share-state"></b><span>state</span></div>
      <div class="stat"><b id="share-member-count"></b><span>members</span></div>
      <div class="stat"><b id="share-in-flight"></b><span>records in flight</span></div>
      <div class="stat"><b id="share-undelivered"></b><span>not yet delivered</span></div>
      <div class="stat"><b>${g.coordinatorId}</b><span>coordinator</span></div>
    </div>
    <h2>Records per partition</h2>
    <p class="muted">In flight: from the start offset (every record before it is done) to the end offset (none from it on
      delivered yet). Acquired records are known where this node leads the partition; elsewhere they count as available.</p>
    <table id="share-partitions"><thead><tr><th>Topic</th><th>Partition</th><th class="num">Start</th><th class="num">End</th>
      <th class="num">In flight</th><th class="num">Available</th><th class="num">Acquired</th><th class="num">Acknowledged</th>
      <th class="num">Archived</th><th class="num">High watermark</th><th class="num">Not yet delivered</th></tr></thead>
      <tbody></tbody></table>
    <h2>Members</h2>
    <table id="share-members"><thead><tr><th>Member</th><th>Client</th><th>Host</th><th>Assigned</th></tr></thead>
      <tbody></tbody></table>`;
  const count = n => n ?? '—';
  const sum = (partitions, of) => partitions.reduce((total, p) => total + (of(p) ?? 0), 0);
  const inFlight = p => p.startOffset == null ? null : p.endOffset - p.startOffset;
  const fill = g => {
    $('#share-state').textContent = g.state;
    $('#share-member-count').textContent = g.members.length;
    $('#share-in-flight').textContent = sum(g.partitions, inFlight);
    $('#share-undelivered').textContent = sum(g.partitions, p => p.undelivered);
    $('#share-partitions tbody').innerHTML = g.partitions.map(p => `<tr data-partition="${esc(p.topic)}-${p.partition}">
      <td>${esc(p.topic)}</td><td>${p.partition}</td><td class="num start">${count(p.startOffset)}</td>
      <td class="num end">${count(p.endOffset)}</td><td class="num in-flight">${count(inFlight(p))}</td>
      <td class="num available">${count(p.available)}</td><td class="num acquired">${count(p.acquired)}</td>
      <td class="num acknowledged">${count(p.acknowledged)}</td><td class="num archived">${count(p.archived)}</td>
      <td class="num">${p.highWatermark}</td><td class="num undelivered">${count(p.undelivered)}</td></tr>`).join('')
      || '<tr><td colspan="11" class="muted">No members, so no partitions to show.</td></tr>';
    $('#share-members tbody').innerHTML = memberRows(g.members);
  };
  fill(g);
  every(POLL_MS, async () => {
    const now = await Api.get('/groups/' + enc(id)).catch(() => null);
    if (now && $('#share-partitions')) fill(now);
  }, true);
}

pages.groups = parts => parts[1] ? group(parts[1]) : groups();
