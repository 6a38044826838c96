'use strict';
/* Topics (#/topics) and a topic's page (#/topics/<name>): partitions, reassignments, configs and admin forms. */
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
    <p><a id="topic-records" href="#/records?topic=${enc(name)}">Search, follow and produce records</a></p>
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

pages.topics = parts => parts[1] ? topic(parts[1]) : topics();
