'use strict';
/*
 * The console, served only to a logged-in browser (login.html logs in): one view per route (#/overview, #/topics, #/topics/<name>, #/groups,
 * #/groups/<id> (a consumer or a share group), #/records, and security.js's #/users, #/acls, #/quotas). Every view reads from the API; admin-only forms are hidden from viewers (the API
 * refuses viewers' changes anyway). Views with charts poll every POLL_MS while shown; a topic's running reassignment
 * is watched every PROGRESS_MS. A form's submit button stays disabled, showing its data-busy text, until the API answers.
 */
const POLL_MS = 3000;
const PROGRESS_MS = 1000;
const view = document.getElementById('view');
let caller = null;
/** Stops each timer of the view shown; route() runs them all before showing another. */
const timers = new Set();

const esc = value => String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const enc = encodeURIComponent;
const bytes = n => n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : n < 1073741824
    ? `${(n / 1048576).toFixed(1)} MiB` : `${(n / 1073741824).toFixed(2)} GiB`;
const $ = selector => view.querySelector(selector);
const show = value => typeof value === 'string' ? value : JSON.stringify(value);
const time = ms => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

function problem(error) {
  const box = document.getElementById('problem');
  if (!error) { box.hidden = true; return; }
  const p = error.problem || { detail: error.message };
  box.textContent = (p.status ? p.status + ' ' : '') + (p.title ? p.title + ': ' : '') + (p.detail || '')
    + (p.errorName ? ` (Kafka error ${p.errorCode} ${p.errorName})` : '');
  box.hidden = false;
  if (p.status === 401) logout();
}

function notice(text) {
  const box = document.createElement('div');
  box.className = 'notice';
  box.id = 'notice';
  box.textContent = text;
  view.prepend(box);
  window.scrollTo(0, 0);
}

/**
 * Runs an action of a form: the API call (the form busy meanwhile), then a notice and a re-render, or the problem
 * shown.
 */
function action(form, run, done) {
  form.addEventListener('submit', async event => {
    event.preventDefault();
    problem(null);
    const button = form.querySelector('button[type=submit]');
    const label = button.textContent;
    button.disabled = true;
    button.textContent = button.dataset.busy || label;
    form.setAttribute('aria-busy', 'true');
    try {
      const message = await run(new FormData(form));
      await route();
      if (message) notice(message);
      if (done) done();
    } catch (error) {
      problem(error);
    } finally {
      button.disabled = false;
      button.textContent = label;
      form.removeAttribute('aria-busy');
    }
  });
}

function adminOnly() {
  view.querySelectorAll('.admin-only').forEach(element => element.hidden = !caller.canWrite);
}

function pairs(text) {
  const result = {};
  for (const line of (text || '').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) result[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return result;
}

/** Runs task every ms while the view is shown, and at once unless told it is done already. */
function every(ms, task, ranAlready = false) {
  if (!ranAlready) task();
  const id = setInterval(task, ms);
  timers.add(() => clearInterval(id));
}

/** Runs task once after ms, unless the view changes first. */
function after(ms, task) {
  const stop = () => clearTimeout(id);
  const id = setTimeout(() => { timers.delete(stop); task(); }, ms);
  timers.add(stop);
}

function stopPolling() {
  timers.forEach(stop => stop());
  timers.clear();
}

/** Rate per second of a growing total, for charts. */
function rate() {
  let previous = null;
  return (total, now = Date.now()) => {
    const r = previous && now > previous.at ? Math.max(0, (total - previous.total) * 1000 / (now - previous.at)) : 0;
    previous = { total, at: now };
    return r;
  };
}

// ---- views ----

async function overview() {
  const [cluster, traffic] = await Promise.all([Api.get('/cluster'), Api.get('/node/traffic')]);
  view.innerHTML = `
    <h1>Cluster <span class="muted">${esc(cluster.clusterId)}</span></h1>
    <div class="grid">
      <div class="stat"><b id="stat-nodes">${cluster.nodes.length}</b><span>nodes</span></div>
      <div class="stat"><b id="stat-controller">${cluster.controllerId}</b><span>controller</span></div>
      <div class="stat"><b id="stat-topics">${cluster.topics}</b><span>topics</span></div>
      <div class="stat"><b id="stat-partitions">${cluster.partitions}</b><span>partitions</span></div>
      <div class="stat"><b id="stat-under-replicated">${cluster.underReplicated}</b><span>under-replicated</span></div>
    </div>
    <table id="nodes"><thead><tr><th>Node</th><th>Kafka listener</th><th>Rack</th><th>Role</th>
      <th class="num">Replicas</th><th class="num">Leaders</th></tr></thead><tbody>
      ${cluster.nodes.map(n => `<tr><td>${n.id}</td><td><code>${esc(n.host)}:${n.port}</code></td><td>${esc(n.rack || '—')}</td>
        <td>${n.controller ? 'controller' : ''}</td><td class="num">${n.replicas}</td><td class="num">${n.leaders}</td></tr>`).join('')}
    </tbody></table>
    <h2>Records produced per second to node ${traffic.nodeId}</h2>
    <div class="card"><svg id="throughput" class="chart"></svg></div>`;
  const chart = new LiveChart($('#throughput'), 'records/s');
  const perSecond = rate();
  // The node's own counter of appended records: one cheap call, unlike summing every partition's end offset.
  every(POLL_MS, async () => {
    const now = await Api.get('/node/traffic').catch(() => null);
    if (now) chart.add(perSecond(now.producedRecords));
  });
}

async function topics() {
  const list = await Api.get('/topics');
  view.innerHTML = `
    <h1>Topics</h1>
    <form id="create-topic" class="card inline admin-only">
      <label>Name <input name="name" id="new-topic-name" required></label>
      <label>Partitions <input name="partitions" id="new-topic-partitions" type="number" min="1" placeholder="node default"></label>
      <label>Replication factor <input name="replicationFactor" type="number" min="1" placeholder="node default"></label>
      <label>Configs (name=value a line) <textarea name="configs" rows="1"></textarea></label>
      <button type="submit" id="create-topic-submit">Create topic</button>
    </form>
    <table id="topics"><thead><tr><th>Topic</th><th class="num">Partitions</th><th class="num">Replication</th>
      <th class="num">Records</th><th>Internal</th></tr></thead><tbody>
      ${list.map(t => `<tr><td><a href="#/topics/${enc(t.name)}">${esc(t.name)}</a></td><td class="num">${t.partitions}</td>
        <td class="num">${t.replicationFactor}</td><td class="num">${t.records}</td><td>${t.internal ? 'yes' : ''}</td></tr>`).join('')}
    </tbody></table>`;
  adminOnly();
  action($('#create-topic'), async form => {
    const body = { name: form.get('name'), configs: pairs(form.get('configs')) };
    if (form.get('partitions')) body.partitions = Number(form.get('partitions'));
    if (form.get('replicationFactor')) body.replicationFactor = Number(form.get('replicationFactor'));
    await Api.post('/topics', body);
    return `Created topic ${body.name}.`;
  });
}

async function topic(name) {
  const [detail, configs] = await Promise.all([Api.get('/topics/' + enc(name)), Api.get('/topics/' + enc(name) + '/configs')]);
  view.innerHTML = `
    <h1>Topic ${esc(name)} <span class="muted">${esc(detail.topicId)}</span></h1>
    <table id="partitions"><thead><tr><th>Partition</th><th>Leader</th><th>Replicas</th><th>ISR</th>
      <th class="num">Log start</th><th class="num">Log end</th><th class="num">Size</th><th></th></tr></thead><tbody>
      ${detail.partitions.map(p => `<tr><td>${p.partition}</td><td>${p.leader}</td><td>${p.replicas.join(', ')}</td>
        <td>${p.isr.join(', ')}</td><td class="num">${p.logStartOffset}</td><td class="num">${p.logEndOffset}</td>
        <td class="num">${p.sizeBytes == null ? '—' : bytes(p.sizeBytes)}</td>
        <td><a href="#/records?topic=${enc(name)}&partition=${p.partition}">browse</a></td></tr>`).join('')}
    </tbody></table>
    <div id="reassignment" class="card" hidden></div>
    <h2>Records in per second</h2>
    <div class="card"><svg id="topic-throughput" class="chart"></svg></div>
    <div class="row admin-only">
      <form id="produce" class="card">
        <h2>Produce a test record</h2>
        <label>Partition <input name="partition" id="produce-partition" type="number" min="0" placeholder="any"></label>
        <label>Key <input name="key" id="produce-key"></label>
        <label>Value <textarea name="value" id="produce-value" rows="2"></textarea></label>
        <label>Headers (name=value a line) <textarea name="headers" rows="1"></textarea></label>
        <button type="submit" id="produce-submit">Produce</button>
      </form>
      <form id="alter-partitions" class="card">
        <h2>Partitions</h2>
        <label>New partition count <input name="count" type="number" min="${detail.partitions.length + 1}" required></label>
        <button type="submit">Add partitions</button>
        <h2>Delete</h2>
        <p class="muted">Deletes the topic and all its records.</p>
        <button type="button" class="danger" id="delete-topic">Delete topic ${esc(name)}</button>
      </form>
      <form id="move-replicas" class="card">
        <h2>Move replicas</h2>
        <p class="muted">New replicas copy the log from the leader and join the ISR; then the ones left out are removed.</p>
        <label>Partition <select name="partition" id="move-partition">
          ${detail.partitions.map(p => `<option value="${p.partition}">${p.partition}</option>`).join('')}
          <option value="all">all partitions</option></select></label>
        <label>Target replicas (broker ids, preferred leader first) <input name="replicas" id="move-target" required
          pattern="\\s*\\d+([\\s,]+\\d+)*\\s*" value="${detail.partitions[0]?.replicas.join(', ') ?? ''}"></label>
        <button type="submit" id="move-submit" data-busy="Starting…">Move replicas</button>
      </form>
    </div>
    <h2>Configs</h2>
    <form id="set-config" class="card inline admin-only">
      <label>Config <input name="name" list="config-names" required></label>
      <datalist id="config-names">${configs.map(c => `<option value="${esc(c.name)}">`).join('')}</datalist>
      <label>Value (empty resets to default) <input name="value"></label>
      <button type="submit">Set</button>
    </form>
    <table id="configs"><thead><tr><th>Config</th><th>Value</th><th>Source</th></tr></thead><tbody>
      ${configs.map(c => `<tr${c.isDefault ? ' class="muted"' : ''}><td>${esc(c.name)}</td><td>${esc(c.sensitive ? '(hidden)' : c.value)}</td>
        <td>${esc(c.source)}</td></tr>`).join('')}
    </tbody></table>`;
  adminOnly();
  action($('#produce'), async form => {
    const body = { key: form.get('key') || null, value: form.get('value'), headers: pairs(form.get('headers')) };
    if (form.get('partition') !== '') body.partition = Number(form.get('partition'));
    const written = await Api.post('/records/' + enc(name), body);
    return `Produced to partition ${written.partition} at offset ${written.offset}.`;
  });
  action($('#alter-partitions'), async form => {
    await Api.post(`/topics/${enc(name)}/partitions`, { count: Number(form.get('count')) });
    return `Topic ${name} now has ${form.get('count')} partitions.`;
  });
  $('#move-partition').addEventListener('change', event => {
    const chosen = detail.partitions.find(p => String(p.partition) === event.target.value);
    if (chosen) $('#move-target').value = chosen.replicas.join(', ');
  });
  action($('#move-replicas'), async form => {
    const replicas = form.get('replicas').split(/[\s,]+/).filter(Boolean).map(Number);
    const chosen = form.get('partition') === 'all' ? detail.partitions.map(p => p.partition) : [form.get('partition')];
    await Api.post(`/topics/${enc(name)}/reassignments`, Object.fromEntries(chosen.map(p => [p, replicas])));
    return `Reassignment of ${name} to replicas ${replicas.join(', ')} started.`;
  });
  action($('#set-config'), async form => {
    await Api.put(`/topics/${enc(name)}/configs`, { [form.get('name')]: form.get('value') === '' ? null : form.get('value') });
    return `Config ${form.get('name')} changed.`;
  });
  $('#delete-topic').addEventListener('click', async () => {
    if (!confirm(`Delete topic ${name} and all its records?`)) return;
    try {
      await Api.del('/topics/' + enc(name));
      location.hash = '#/topics';
    } catch (error) {
      problem(error);
    }
  });
  watchReassignment(name, $('#reassignment'));
  const chart = new LiveChart($('#topic-throughput'), 'records/s');
  const perSecond = rate();
  every(POLL_MS, async () => {
    const now = await Api.get('/topics/' + enc(name)).catch(() => null);
    if (now) chart.add(perSecond(now.partitions.reduce((sum, p) => sum + p.logEndOffset, 0)));
  });
}

/**
 * Shows a topic's running reassignment in panel, re-read every PROGRESS_MS while one runs: a bar per added replica
 * (its log size against the leader's; "in sync" once in the ISR). When it ends the view is shown afresh.
 */
async function watchReassignment(name, panel, seenRunning = false) {
  let state;
  try {
    state = await Api.get(`/topics/${enc(name)}/reassignments`);
  } catch (error) {
    if (panel.isConnected) problem(error);
    return;
  }
  if (!panel.isConnected) return;
  if (!state.reassigning) {
    panel.hidden = true;
    if (seenRunning) {
      await route();
      notice(`Reassignment of ${name} done.`);
    }
    return;
  }
  const percent = (size, of) => size == null || !of ? 0 : Math.min(100, Math.round(size * 100 / of));
  panel.innerHTML = `<h2>Reassignment in progress</h2>
    ${state.partitions.filter(p => p.reassigning).map(p => `<div class="moving" data-partition="${p.partition}">
      <p>Partition ${p.partition}: replicas ${p.replicas.join(', ')}, adding ${p.addingReplicas.join(', ') || '—'},
        removing ${p.removingReplicas.join(', ') || '—'}; leader ${p.leader}
        <button type="button" class="danger admin-only cancel-move" data-partition="${p.partition}">Cancel</button></p>
      ${p.progress.map(r => `<div class="copy" data-broker="${r.broker}">
        <span>broker ${r.broker}</span>
        <span class="bar"><span style="width:${r.inSync ? 100 : percent(r.sizeBytes, p.leaderSizeBytes)}%"></span></span>
        <span class="muted">${r.inSync ? 'in sync' : `${r.sizeBytes == null ? '—' : bytes(r.sizeBytes)} of ${p.leaderSizeBytes == null ? '—' : bytes(p.leaderSizeBytes)}`}</span>
      </div>`).join('')}</div>`).join('')}`;
  panel.hidden = false;
  panel.querySelectorAll('.admin-only').forEach(element => element.hidden = !caller.canWrite);
  panel.querySelectorAll('.cancel-move').forEach(button => button.addEventListener('click', async () => {
    try {
      await Api.del(`/topics/${enc(name)}/reassignments/${button.dataset.partition}`);
      await route();
      notice(`Reassignment of ${name}-${button.dataset.partition} cancelled.`);
    } catch (error) {
      problem(error);
    }
  }));
  after(PROGRESS_MS, () => watchReassignment(name, panel, true));
}

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
    if (!confirm(`Delete group ${id}?`)) return;
    try {
      await Api.del('/groups/' + enc(id));
      location.hash = '#/groups';
    } catch (error) {
      problem(error);
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

async function records(query) {
  const topicNames = (await Api.get('/topics')).map(t => t.name);
  view.innerHTML = `
    <h1>Record browser</h1>
    <form id="browse" class="card inline">
      <label>Topic <select name="topic" id="browse-topic">${topicNames.map(n => `<option${n === query.get('topic') ? ' selected' : ''}>${esc(n)}</option>`).join('')}</select></label>
      <label>Partition <input name="partition" id="browse-partition" type="number" min="0" value="${esc(query.get('partition') || 0)}"></label>
      <label>From <select name="from" id="browse-from"><option value="latest">the last records</option><option value="offset">offset</option><option value="timestamp">timestamp (ms)</option></select></label>
      <label>Offset / timestamp <input name="position" id="browse-position" type="number" min="0"></label>
      <label>Records <input name="limit" type="number" min="1" max="500" value="20"></label>
      <label>Show as <select name="format" id="browse-format"><option>text</option><option>json</option><option>hex</option></select></label>
      <button type="submit" id="browse-submit">Show</button>
    </form>
    <table id="records"><thead><tr><th class="num">Offset</th><th>Timestamp</th><th>Key</th><th>Value</th><th>Headers</th></tr></thead>
      <tbody></tbody></table>`;
  const form = $('#browse');
  const run = async () => {
    problem(null);
    const data = new FormData(form);
    const params = new URLSearchParams({ limit: data.get('limit'), format: data.get('format') });
    if (data.get('from') !== 'latest') params.set(data.get('from'), data.get('position') || 0);
    try {
      const rows = await Api.get(`/records/${enc(data.get('topic'))}/${enc(data.get('partition'))}?${params}`);
      $('#records tbody').innerHTML = rows.map(r => `<tr><td class="num">${r.offset}</td><td>${time(r.timestamp)}</td>
        <td><pre>${esc(r.key === null ? '—' : show(r.key))}</pre></td><td><pre class="record-value">${esc(r.value === null ? '(null)' : show(r.value))}</pre></td>
        <td><pre>${esc(r.headers.map(h => h.key + '=' + show(h.value)).join('\n'))}</pre></td></tr>`).join('')
        || '<tr><td colspan="5" class="muted">No records there.</td></tr>';
    } catch (error) {
      problem(error);
    }
  };
  form.addEventListener('submit', event => { event.preventDefault(); run(); });
  if (query.get('topic')) run();
}

// ---- routing and login ----

async function route() {
  stopPolling();
  if (!caller) return;
  const [path, search] = (location.hash.slice(1) || '/overview').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.getAttribute('href') === '#/' + parts[0]));
  problem(null);
  try {
    if (parts[0] === 'topics' && parts[1]) await topic(parts[1]);
    else if (parts[0] === 'topics') await topics();
    else if (parts[0] === 'groups' && parts[1]) await group(parts[1]);
    else if (parts[0] === 'groups') await groups();
    else if (parts[0] === 'records') await records(new URLSearchParams(search));
    else if (parts[0] === 'users') await users();
    else if (parts[0] === 'acls') await acls(new URLSearchParams(search));
    else if (parts[0] === 'quotas') await quotas();
    else await overview();
  } catch (error) {
    problem(error);
  }
}

function logout() {
  stopPolling();
  Api.forget();
  location.href = 'logout';
}

/**
 * The user this tab logged in as. A tab opened apart from the login page has no credentials for the API (they are
 * kept per tab): it logs in again, leaving the other tabs' session alone.
 */
async function start() {
  if (!Api.credentials()) {
    location.href = 'login.html';
    return;
  }
  try {
    caller = await Api.get('/me');
  } catch (error) {
    return problem(error);
  }
  document.getElementById('caller').textContent = `${caller.name} (${caller.role})`;
  route();
}

document.getElementById('logout').addEventListener('click', event => {
  event.preventDefault();
  logout();
});
window.addEventListener('hashchange', route);
start();
