'use strict';
/*
 * Topics (#/topics) and a topic's page (#/topics/<name>): partitions, consuming groups, reassignments, configs and
 * admin forms. The list reads every topic once (GET /api/topics, a few batched admin round trips whatever their
 * number) and searches, sorts and pages it in the browser, so typing in the search box asks the API nothing. The
 * list's view lives in the route's query (q, sort, page, size, internal) so that a reload or a link shows it again.
 */
const TOPIC_COLUMNS = [
  { key: 'name', label: 'Topic', value: t => t.name },
  { key: 'partitions', label: 'Partitions', value: t => t.partitions },
  { key: 'replication', label: 'Replication', value: t => t.replicationFactor },
  { key: 'records', label: 'Records', value: t => t.records },
  { key: 'size', label: 'Size', value: t => t.sizeBytes ?? -1, text: t => t.sizeBytes == null ? '—' : bytes(t.sizeBytes) },
  { key: 'under-replicated', label: 'Under-replicated', value: t => t.underReplicatedPartitions },
];
const TOPIC_PAGE_SIZES = [25, 50, 100, 500];

/** The list's view as the route's query gives it: sort is a column's key, with a leading '-' for descending. */
function topicListView(query) {
  const sort = query.get('sort') || 'name';
  const key = sort.replace(/^-/, '');
  const size = Number(query.get('size'));
  return {
    q: query.get('q') || '',
    sort: TOPIC_COLUMNS.some(c => c.key === key) ? key : 'name',
    descending: sort.startsWith('-'),
    page: Math.max(1, Math.floor(Number(query.get('page'))) || 1),
    size: TOPIC_PAGE_SIZES.includes(size) ? size : 50,
    internal: query.get('internal') === 'shown',
  };
}

/** The route of a view of the list, leaving out what is as by default. */
function topicListRoute(shown) {
  const query = new URLSearchParams();
  if (shown.q) query.set('q', shown.q);
  if (shown.sort !== 'name' || shown.descending) query.set('sort', (shown.descending ? '-' : '') + shown.sort);
  if (shown.page > 1) query.set('page', shown.page);
  if (shown.size !== 50) query.set('size', shown.size);
  if (shown.internal) query.set('internal', 'shown');
  const text = query.toString();
  return '#/topics' + (text ? '?' + text : '');
}

async function topics(query) {
  const list = await Api.get('/topics');
  const shown = topicListView(query);
  view.innerHTML = `
    <h1>Topics</h1>
    <form id="create-topic" class="card inline admin-only">
      <label>Name <input name="name" id="new-topic-name" required></label>
      <label>Partitions <input name="partitions" id="new-topic-partitions" type="number" min="1" placeholder="node default"></label>
      <label>Replication factor <input name="replicationFactor" id="new-topic-replication" type="number" min="1" placeholder="node default"></label>
      <label>Configs (name=value a line) <textarea name="configs" id="new-topic-configs" rows="1"></textarea></label>
      <button type="submit" id="create-topic-submit">Create topic</button>
      <p id="topic-limits" class="muted form-note"></p>
    </form>
    <div class="list-tools">
      <label>Search <input id="topic-search" type="search" placeholder="part of a name" value="${esc(shown.q)}"></label>
      <label class="check"><input id="hide-internal" type="checkbox"${shown.internal ? '' : ' checked'}> Hide internal topics</label>
      <label>Per page <select id="topic-page-size">${TOPIC_PAGE_SIZES.map(n =>
        `<option${n === shown.size ? ' selected' : ''}>${n}</option>`).join('')}</select></label>
      <div class="pager"><button type="button" id="topics-previous">Previous</button>
        <span id="topics-page"></span><button type="button" id="topics-next">Next</button></div>
    </div>
    <table id="topics"><thead><tr>${TOPIC_COLUMNS.map(c => `<th${c.key === 'name' ? '' : ' class="num"'}>
      <button type="button" class="sort" data-sort="${c.key}">${c.label}</button></th>`).join('')}</tr></thead>
      <tbody></tbody></table>`;
  adminOnly();
  const render = () => {
    const column = TOPIC_COLUMNS.find(c => c.key === shown.sort);
    const needle = shown.q.toLowerCase();
    const order = (a, b) => ascending(column.value(a), column.value(b)) * (shown.descending ? -1 : 1) || ascending(a.name, b.name);
    const matching = list.filter(t => (shown.internal || !t.internal) && t.name.toLowerCase().includes(needle)).sort(order);
    const pages = Math.max(1, Math.ceil(matching.length / shown.size));
    shown.page = Math.min(shown.page, pages);
    const from = (shown.page - 1) * shown.size;
    $('#topics tbody').innerHTML = matching.slice(from, from + shown.size).map(t => `<tr data-topic="${esc(t.name)}">
      ${TOPIC_COLUMNS.map(c => c.key === 'name'
        ? `<td class="name"><a href="#/topics/${enc(t.name)}">${esc(t.name)}</a>${t.internal ? ' <span class="muted">internal</span>' : ''}</td>`
        : `<td class="num ${c.key}">${esc(c.text ? c.text(t) : c.value(t))}</td>`).join('')}</tr>`).join('')
      || `<tr><td colspan="${TOPIC_COLUMNS.length}" class="muted">No topic matches.</td></tr>`;
    view.querySelectorAll('#topics th').forEach((th, i) => th.setAttribute('aria-sort', TOPIC_COLUMNS[i].key !== shown.sort
      ? 'none' : shown.descending ? 'descending' : 'ascending'));
    $('#topics-page').textContent = `Page ${shown.page} of ${pages}: topics ${matching.length ? from + 1 : 0}`
      + `–${Math.min(from + shown.size, matching.length)} of ${matching.length}`;
    $('#topics-previous').disabled = shown.page === 1;
    $('#topics-next').disabled = shown.page === pages;
    history.replaceState(null, '', topicListRoute(shown));
  };
  const change = (changes, page = 1) => { Object.assign(shown, changes, { page }); render(); };
  $('#topic-search').addEventListener('input', event => change({ q: event.target.value }));
  $('#hide-internal').addEventListener('change', event => change({ internal: !event.target.checked }));
  $('#topic-page-size').addEventListener('change', event => change({ size: Number(event.target.value) }));
  $('#topics-previous').addEventListener('click', () => change({}, shown.page - 1));
  $('#topics-next').addEventListener('click', () => change({}, shown.page + 1));
  view.querySelectorAll('#topics .sort').forEach(button => button.addEventListener('click', () => {
    const key = button.dataset.sort;
    // Counts are most often wanted largest first; a second click turns the order round.
    change({ sort: key, descending: key === shown.sort ? !shown.descending : key !== 'name' });
  }));
  render();
  createTopicForm($('#create-topic'));
}

function ascending(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The create-topic form: refuses, beside it, what the cluster would refuse anyway (GET /api/cluster's limits, read
 * after the list is shown; not as the inputs' max, which the browser enforces without saying why): more partitions
 * than a request may create or than the brokers may hold, a replication factor above the number of brokers. The API
 * refuses the same with the node's error.
 */
function createTopicForm(form) {
  let cluster = null;
  Api.get('/cluster').then(answer => {
    cluster = answer;
    const brokers = answer.nodes.map(n => `broker ${n.id} holds ${n.replicas} of ${n.maxPartitions ?? '?'}`).join(', ');
    form.querySelector('#topic-limits').textContent = `At most ${answer.maxPartitionsPerRequest} partitions a request `
      + `(max.partitions.per.request); replication factor at most ${answer.nodes.length} (the brokers); `
      + `partition replicas per broker at most its max.broker.partitions (${brokers}).`;
  }).catch(() => {});
  action(form, async data => {
    const body = { name: data.get('name'), configs: pairs(data.get('configs')) };
    if (data.get('partitions')) body.partitions = Number(data.get('partitions'));
    if (data.get('replicationFactor')) body.replicationFactor = Number(data.get('replicationFactor'));
    const refusal = cluster && beyondLimits(cluster, body.partitions, body.replicationFactor);
    if (refusal) throw new Error(refusal);
    await Api.post('/topics', body);
    return `Created topic ${body.name}.`;
  });
}

/** Why the cluster would refuse a topic of this many partitions and replicas, or null. */
function beyondLimits(cluster, partitions, replicationFactor) {
  const perRequest = cluster.maxPartitionsPerRequest;
  if (partitions && perRequest != null && partitions > perRequest) {
    return `${partitions} partitions are more than one request may create: max.partitions.per.request=${perRequest}.`;
  }
  if (replicationFactor && replicationFactor > cluster.nodes.length) {
    return `Replication factor ${replicationFactor} is more than the ${cluster.nodes.length} broker(s) of the cluster.`;
  }
  if (!partitions) return null;
  const each = Math.ceil(partitions * (replicationFactor || 1) / cluster.nodes.length);
  const full = cluster.nodes.find(n => n.maxPartitions != null && n.replicas + each > n.maxPartitions);
  return full ? `${partitions} partitions would put ${full.replicas + each} partition replicas on broker ${full.id}, `
    + `more than its max.broker.partitions=${full.maxPartitions} (it holds ${full.replicas}).` : null;
}

async function topic(name) {
  const [detail, configs, groups] = await Promise.all([Api.get('/topics/' + enc(name)),
    Api.get('/topics/' + enc(name) + '/configs'), Api.get('/topics/' + enc(name) + '/groups')]);
  const records = detail.partitions.reduce((sum, p) => sum + p.logEndOffset - p.logStartOffset, 0);
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
    <h2>Consumer groups</h2>
    <table id="topic-groups"><thead><tr><th>Group</th><th class="num">Partitions committed</th><th class="num">Lag</th></tr>
      </thead><tbody>${groups.map(g => `<tr data-group="${esc(g.group)}"><td><a href="#/groups/${enc(g.group)}">${esc(g.group)}</a></td>
        <td class="num partitions">${g.partitions}</td><td class="num lag">${g.lag}</td></tr>`).join('')
        || '<tr><td colspan="3" class="muted">No consumer group has committed offsets on this topic.</td></tr>'}
    </tbody></table>
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
    if (!await confirmed(`Delete topic ${name}, its ${detail.partitions.length} partitions and ${records} records?`)) return;
    try {
      await Api.del('/topics/' + enc(name));
      location.hash = '#/topics';
    } catch (error) {
      problemAt($('#delete-topic'), error);
    }
  });
  watchReassignment(name, $('#reassignment'));
  followHistory(new TimeChart($('#topic-throughput'), 'records/s', { scope: 'the partitions it leads' }),
    `/topics/${enc(name)}/history`, 'recordsIn');
}

/**
 * Shows a topic's running reassignment in panel, re-read every PROGRESS_MS while one runs (see movingPartition).
 * When it ends the view is shown afresh.
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
  panel.innerHTML = `<h2>Reassignment in progress</h2>
    ${state.partitions.filter(p => p.reassigning).map(p => movingPartition(name, p, `Partition ${p.partition}`)).join('')}`;
  panel.hidden = false;
  cancelButtons(panel);
  after(PROGRESS_MS, () => watchReassignment(name, panel, true));
}

/**
 * A partition's running reassignment, headed by label: its replicas, a bar per added replica (its log size against
 * the leader's; "in sync" once in the ISR) and, for admins, a cancel button (see cancelButtons).
 */
function movingPartition(topic, p, label) {
  const percent = (size, of) => size == null || !of ? 0 : Math.min(100, Math.round(size * 100 / of));
  return `<div class="moving" data-topic="${esc(topic)}" data-partition="${p.partition}">
      <p>${label}: replicas ${p.replicas.join(', ')}, adding ${p.addingReplicas.join(', ') || '—'},
        removing ${p.removingReplicas.join(', ') || '—'}; leader ${p.leader}
        <button type="button" class="danger admin-only cancel-move" data-topic="${esc(topic)}" data-partition="${p.partition}">Cancel</button></p>
      ${p.progress.map(r => `<div class="copy" data-broker="${r.broker}">
        <span>broker ${r.broker}</span>
        <span class="bar"><span style="width:${r.inSync ? 100 : percent(r.sizeBytes, p.leaderSizeBytes)}%"></span></span>
        <span class="muted">${r.inSync ? 'in sync' : `${r.sizeBytes == null ? '—' : bytes(r.sizeBytes)} of ${p.leaderSizeBytes == null ? '—' : bytes(p.leaderSizeBytes)}`}</span>
      </div>`).join('')}</div>`;
}

/**
 * Shows the cancel buttons of panel's moving partitions to admins; each cancels its reassignment once confirmed
 * (the partition's replicas go back to those it had before) and shows the view afresh.
 */
function cancelButtons(panel) {
  panel.querySelectorAll('.admin-only').forEach(element => element.hidden = !caller.canWrite);
  panel.querySelectorAll('.cancel-move').forEach(button => button.addEventListener('click', async () => {
    const { topic, partition } = button.dataset;
    if (!await confirmed(`Cancel the reassignment of ${topic}-${partition}? The replicas being added are dropped and the partition keeps the replicas it had before.`)) return;
    try {
      await Api.del(`/topics/${enc(topic)}/reassignments/${partition}`);
      await route();
      notice(`Reassignment of ${topic}-${partition} cancelled.`);
    } catch (error) {
      problemAt(panel, error);
    }
  }));
}

pages.topics = (parts, query) => parts[1] ? topic(parts[1]) : topics(query);
