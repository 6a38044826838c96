'use strict';
/*
 * The cluster's brokers (#/brokers, refreshed every POLL_MS and sortable by any column), a broker's configs
 * (#/brokers/<id>, or #/brokers/default for the cluster-wide defaults: the dynamic ones changeable, the static ones
 * read-only) and every reassignment running in the cluster (#/reassignments, re-read every PROGRESS_MS).
 */
const brokerColumns = [
  { key: 'id', label: 'Broker', value: b => b.id },
  { key: 'listener', label: 'Kafka listener', value: b => b.alive ? `${b.host}:${b.port}` : '' },
  { key: 'rack', label: 'Rack', value: b => b.rack || '' },
  { key: 'controller', label: 'Role', value: b => b.controller ? 1 : 0 },
  { key: 'replicas', label: 'Replicas', value: b => b.replicas, num: true },
  { key: 'leaders', label: 'Leaders', value: b => b.leaders, num: true },
  { key: 'underReplicatedLeaders', label: 'Under-replicated (led)', value: b => b.underReplicatedLeaders, num: true },
  { key: 'logDirBytes', label: 'Disk use', value: b => b.logDirBytes ?? -1, num: true },
  { key: 'alive', label: 'Status', value: b => b.alive ? 1 : 0 },
];
/** The brokers table's order, kept while the console is open. */
const brokerSort = { key: 'id', descending: false };

async function brokers() {
  let shown = await Api.get('/brokers');
  view.innerHTML = `
    <h1>Brokers</h1>
    <p class="muted">Dynamic settings of every broker: <a href="#/brokers/default">cluster-wide defaults</a>.
      Partitions being moved: <a href="#/reassignments">reassignments</a>.</p>
    <table id="brokers"><thead><tr>${brokerColumns.map(c => `<th data-key="${c.key}" class="sortable${c.num ? ' num' : ''}"
      tabindex="0">${esc(c.label)}</th>`).join('')}</tr></thead><tbody></tbody></table>`;
  const render = () => {
    const column = brokerColumns.find(c => c.key === brokerSort.key);
    const order = brokerSort.descending ? -1 : 1;
    const sorted = [...shown].sort((a, b) => {
      const x = column.value(a), y = column.value(b);
      return (x < y ? -1 : x > y ? 1 : a.id - b.id) * order;
    });
    view.querySelectorAll('#brokers th').forEach(th => th.setAttribute('aria-sort', th.dataset.key !== brokerSort.key
      ? 'none' : brokerSort.descending ? 'descending' : 'ascending'));
    $('#brokers tbody').innerHTML = sorted.map(b => `<tr data-broker="${b.id}"${b.alive ? '' : ' class="offline"'}>
      <td><a href="#/brokers/${b.id}">${b.id}</a></td>
      <td>${b.alive ? `<code>${esc(b.host)}:${b.port}</code>` : '—'}</td><td>${esc(b.rack || '—')}</td>
      <td>${b.controller ? 'controller' : ''}</td><td class="num">${b.replicas}</td><td class="num leaders">${b.leaders}</td>
      <td class="num">${b.underReplicatedLeaders}</td>
      <td class="num disk">${b.logDirBytes == null ? '—' : bytes(b.logDirBytes)}</td>
      <td class="status">${b.alive ? 'online' : 'offline'}</td></tr>`).join('');
  };
  view.querySelectorAll('#brokers th').forEach(th => {
    const sort = () => {
      brokerSort.descending = brokerSort.key === th.dataset.key && !brokerSort.descending;
      brokerSort.key = th.dataset.key;
      render();
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', event => { if (event.key === 'Enter') sort(); });
  });
  render();
  every(POLL_MS, async () => {
    const now = await Api.get('/brokers').catch(() => null);
    if (now && $('#brokers')) { shown = now; render(); }
  }, true);
}

async function broker(id) {
  const defaults = id === 'default';
  const [list, state] = await Promise.all([defaults ? [] : Api.get('/brokers'), Api.get(`/brokers/${enc(id)}/configs`)]);
  const me = list.find(b => String(b.id) === id);
  let set = dynamicSet(state);
  const dynamic = [...new Set([...state.dynamic, ...set.keys()])].sort();
  const readOnly = state.configs.filter(c => c.readOnly);
  const whose = defaults ? 'the cluster-wide defaults' : `broker ${id}`;
  const shownValue = name => set.has(name) ? (set.get(name).sensitive ? '(hidden)' : set.get(name).value) : 'not set';
  view.innerHTML = `
    <h1>${defaults ? 'Cluster-wide broker defaults' : `Broker ${esc(id)}`}</h1>
    <p class="muted" id="broker-summary">${defaults
      ? 'Dynamic settings for every broker without a value of its own (kafka-configs.sh --entity-default).'
      : me ? `${me.alive ? `<code>${esc(me.host)}:${me.port}</code>` : 'offline'}${me.rack ? `, rack ${esc(me.rack)}` : ''}${me.controller
        ? ', controller' : ''}; ${me.replicas} replicas, ${me.leaders} leaders, ${me.logDirBytes == null ? 'disk use unknown'
        : `${bytes(me.logDirBytes)} in its log directories`}. Its settings left unset follow the
        <a href="#/brokers/default">cluster-wide defaults</a>.` : 'Not in the cluster now.'}</p>
    <h2>Dynamic configs</h2>
    <p class="muted">Changed while the ${defaults ? 'brokers run' : 'broker runs'}; a setting left unset takes ${defaults
      ? 'Kafka\'s default' : 'the cluster-wide default, else Kafka\'s'}.</p>
    <table id="dynamic-configs"><thead><tr><th>Config</th><th>Value</th><th>Source</th><th></th></tr></thead><tbody>
      ${dynamic.map(name => `<tr data-config="${esc(name)}"><td>${esc(name)}</td><td class="value"></td><td class="source"></td>
        <td><button type="button" class="edit-config admin-only" data-config="${esc(name)}">Edit</button></td></tr>`).join('')}
    </tbody></table>
    <form id="broker-config" class="card inline admin-only">
      <label>Config <select name="name" id="broker-config-name">
        ${dynamic.map(name => `<option>${esc(name)}</option>`).join('')}</select></label>
      <label>New value (empty resets it) <input name="value" id="broker-config-value"></label>
      <button type="submit" id="broker-config-submit" data-busy="Changing…">Change</button>
    </form>
    <div${readOnly.length ? '' : ' hidden'}>
      <h2>Static configs</h2>
      <p class="muted">Read-only: from the node's settings, changed by restarting it with new ones.</p>
      <table id="static-configs"><thead><tr><th>Config</th><th>Value</th><th>Source</th></tr></thead><tbody>
        ${readOnly.map(c => `<tr data-config="${esc(c.name)}"><td>${esc(c.name)}</td>
          <td>${esc(c.sensitive ? '(hidden)' : c.value ?? '')}</td><td>${esc(c.source)}</td></tr>`).join('')}
      </tbody></table>
    </div>`;
  // The node applies a change to what it describes within a metadata poll: the values are re-read while shown.
  const showValues = () => view.querySelectorAll('#dynamic-configs tr[data-config]').forEach(row => {
    row.querySelector('.value').textContent = shownValue(row.dataset.config);
    row.querySelector('.source').textContent = set.get(row.dataset.config)?.source || '';
  });
  showValues();
  every(POLL_MS, async () => {
    const now = await Api.get(`/brokers/${enc(id)}/configs`).catch(() => null);
    if (now && $('#dynamic-configs')) { set = dynamicSet(now); showValues(); }
  }, true);
  adminOnly();
  view.querySelectorAll('.edit-config').forEach(button => button.addEventListener('click', () => {
    $('#broker-config-name').value = button.dataset.config;
    $('#broker-config-value').value = set.get(button.dataset.config)?.value ?? '';
    $('#broker-config-value').focus();
  }));
  const change = form => {
    const name = form.get('name');
    const value = form.get('value') === '' ? null : form.get('value');
    return { name, value, text: `${name} of ${whose}: ${shownValue(name)} → ${value ?? 'not set'}` };
  };
  // Asked before action's own listener runs: a change not confirmed is not sent, and the form keeps what was typed.
  $('#broker-config').addEventListener('submit', event => {
    if (confirm(`Change ${change(new FormData(event.target)).text}?`)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  });
  action($('#broker-config'), async form => {
    const { name, value, text } = change(form);
    await Api.put(`/brokers/${enc(id)}/configs`, { [name]: value });
    return `Changed ${text}.`;
  });
}

/** The dynamic configs set on a broker or as cluster-wide defaults, by name. */
const dynamicSet = state => new Map(state.configs.filter(c => !c.readOnly).map(c => [c.name, c]));

async function reassignments() {
  const running = await Api.get('/reassignments');
  view.innerHTML = `
    <h1>Reassignments in progress</h1>
    <p class="muted">Every partition of the cluster being moved to other brokers. Moves start from a topic's page.</p>
    <div id="reassignments" class="card"></div>`;
  const panel = $('#reassignments');
  let shown = null;
  const render = running => {
    const text = JSON.stringify(running);
    if (text === shown) return;
    shown = text;
    panel.innerHTML = running.length === 0
      ? '<p id="no-reassignments" class="muted">No partition is being reassigned.</p>'
      : running.map(t => t.partitions.filter(p => p.reassigning).map(p => movingPartition(t.topic, p,
          `<a href="#/topics/${enc(t.topic)}">${esc(t.topic)}</a>-${p.partition}`)).join('')).join('');
    cancelButtons(panel);
  };
  render(running);
  every(PROGRESS_MS, async () => {
    const now = await Api.get('/reassignments').catch(() => null);
    if (now && panel.isConnected) render(now);
  }, true);
}

pages.brokers = parts => parts[1] ? broker(parts[1]) : brokers();
pages.reassignments = () => reassignments();
