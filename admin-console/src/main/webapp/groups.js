'use strict';
/*
 * Groups (#/groups: searched, sorted and paged in the browser) and a group's page (#/groups/<id>), a consumer group
 * with its lag and the reset of its offsets, or a share group.
 */
const GROUPS_PAGE_SIZE = 50;
const grouped = n => n == null ? '—' : n.toLocaleString('en');
const topicNames = g => g.topics.map(t => t.topic);

/** The sort keys of the groups list's columns; a group without a value sorts last either way. */
const GROUP_COLUMNS = {
  groupId: ['Group', g => g.groupId],
  state: ['State', g => g.state],
  type: ['Type', g => g.type],
  members: ['Members', g => g.members, 'num'],
  totalLag: ['Total lag', g => g.totalLag, 'num'],
  topics: ['Topics', g => topicNames(g).join(', ') || null],
};

async function groups() {
  const list = await Api.get('/groups');
  const shown = { search: '', hideInternal: true, sort: 'groupId', descending: false, page: 0 };
  const anyInternal = list.some(g => g.internal);
  view.innerHTML = `
    <h1>Consumer groups</h1>
    <div class="card inline group-tools">
      <label>Search <input type="search" id="group-search" placeholder="group or topic"></label>
      ${anyInternal ? '<label class="check"><input type="checkbox" id="hide-internal" checked> Hide internal groups (ids starting with _)</label>' : ''}
      <span id="groups-count" class="muted"></span>
    </div>
    <table id="groups"><thead><tr>${Object.entries(GROUP_COLUMNS).map(([key, [title, , num]]) =>
      `<th class="sortable ${num || ''}" data-sort="${key}" tabindex="0">${title}</th>`).join('')}</tr></thead><tbody></tbody></table>
    <div class="pager"><button type="button" id="groups-previous">Previous</button>
      <span id="groups-page"></span><button type="button" id="groups-next">Next</button></div>`;
  const render = () => {
    const term = shown.search.toLowerCase();
    const [, key] = GROUP_COLUMNS[shown.sort];
    const matching = list
      .filter(g => !(shown.hideInternal && g.internal))
      .filter(g => !term || g.groupId.toLowerCase().includes(term) || topicNames(g).some(t => t.toLowerCase().includes(term)))
      .sort((a, b) => {
        const x = key(a), y = key(b);
        if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1;
        const order = typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
        return shown.descending ? -order : order;
      });
    const pages = Math.max(1, Math.ceil(matching.length / GROUPS_PAGE_SIZE));
    shown.page = Math.min(shown.page, pages - 1);
    const page = matching.slice(shown.page * GROUPS_PAGE_SIZE, (shown.page + 1) * GROUPS_PAGE_SIZE);
    $('#groups tbody').innerHTML = page.map(g => `<tr data-group="${esc(g.groupId)}">
        <td><a href="#/groups/${enc(g.groupId)}">${esc(g.groupId)}</a></td><td class="state">${esc(g.state)}</td>
        <td>${esc(g.type)}</td><td class="num members">${g.members}</td><td class="num lag">${grouped(g.totalLag)}</td>
        <td class="topics">${g.topics.map(t => `<a href="#/topics/${enc(t.topic)}">${esc(t.topic)}</a>`).join(', ')}</td></tr>`).join('')
      || `<tr><td colspan="6" class="muted">${list.length ? 'No group matches.' : 'No groups yet.'}</td></tr>`;
    view.querySelectorAll('#groups th').forEach(th => th.setAttribute('aria-sort',
      th.dataset.sort !== shown.sort ? 'none' : shown.descending ? 'descending' : 'ascending'));
    $('#groups-count').textContent = `${matching.length} of ${list.length} groups`;
    $('#groups-page').textContent = `Page ${shown.page + 1} of ${pages}`;
    $('#groups-previous').disabled = shown.page === 0;
    $('#groups-next').disabled = shown.page >= pages - 1;
  };
  $('#group-search').addEventListener('input', event => { shown.search = event.target.value.trim(); shown.page = 0; render(); });
  $('#hide-internal')?.addEventListener('change', event => { shown.hideInternal = event.target.checked; shown.page = 0; render(); });
  view.querySelectorAll('#groups th').forEach(th => {
    const sort = () => {
      shown.descending = shown.sort === th.dataset.sort && !shown.descending;
      shown.sort = th.dataset.sort;
      shown.page = 0;
      render();
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', event => { if (event.key === 'Enter') sort(); });
  });
  $('#groups-previous').addEventListener('click', () => { shown.page--; render(); });
  $('#groups-next').addEventListener('click', () => { shown.page++; render(); });
  render();
}

const memberRows = members => members.map(m => `<tr data-member="${esc(m.memberId)}"><td>${esc(m.memberId)}</td>
  <td class="client">${esc(m.clientId)}</td><td>${esc(m.host)}</td><td class="assigned">${esc(m.assignments.join(', '))}</td></tr>`).join('');

/** The topics a consumer group committed offsets of or its members are assigned, by name. */
const groupTopics = g => [...new Set([...g.offsets.map(o => o.topic),
  ...g.members.flatMap(m => m.assignments.map(a => a.slice(0, a.lastIndexOf('-'))))])].sort();

/** A consumer group: its state, lag per partition, members and topics, all re-read every POLL_MS; and its admin forms. */
async function group(id) {
  const g = await Api.get('/groups/' + enc(id));
  if (g.type === 'SHARE') return shareGroup(id, g);
  const allTopics = caller.canWrite ? (await Api.get('/topics')).filter(t => !t.internal).map(t => t.name) : [];
  view.innerHTML = `
    <h1>Group ${esc(id)}</h1>
    <div class="grid">
      <div class="stat"><b id="group-state"></b><span>state</span></div>
      <div class="stat"><b id="group-lag"></b><span>total lag</span></div>
      <div class="stat"><b id="group-member-count"></b><span>members</span></div>
      <div class="stat"><b>${g.coordinatorId}</b><span>coordinator</span></div>
    </div>
    <p>Topics: <span id="group-topics"></span></p>
    <h2>Lag per partition</h2>
    <table id="group-offsets"><thead><tr><th>Topic</th><th>Partition</th><th class="num">Committed</th>
      <th class="num">Log end</th><th class="num">Lag</th><th>Member</th></tr></thead><tbody></tbody></table>
    <h2>Total lag</h2>
    <div class="card"><svg id="lag-chart" class="chart"></svg></div>
    <h2>Members</h2>
    <table id="group-members"><thead><tr><th>Member</th><th>Client</th><th>Host</th><th>Assigned</th></tr></thead><tbody></tbody></table>
    <div class="row admin-only">
      ${resetForm(groupTopics(g), allTopics)}
      <div class="card">
        <h2>Delete</h2>
        <p class="muted">Removes the group and its committed offsets.</p>
        <button type="button" class="danger" id="delete-group">Delete group ${esc(id)}</button>
      </div>
    </div>`;
  adminOnly();
  const fill = g => {
    $('#group-state').textContent = g.state;
    $('#group-lag').textContent = g.totalLag;
    $('#group-member-count').textContent = g.members.length;
    $('#group-topics').innerHTML = groupTopics(g).map(t => `<a href="#/topics/${enc(t)}">${esc(t)}</a>`).join(', ') || '—';
    $('#group-offsets tbody').innerHTML = g.offsets.map(o => `<tr data-partition="${esc(o.topic)}-${o.partition}">
      <td>${esc(o.topic)}</td><td>${o.partition}</td><td class="num committed">${o.committedOffset ?? '—'}</td>
      <td class="num end">${o.logEndOffset}</td><td class="num lag">${o.lag ?? '—'}</td><td>${esc(o.memberId || '')}</td></tr>`).join('')
      || '<tr><td colspan="6" class="muted">No committed offsets and no assignments.</td></tr>';
    $('#group-members tbody').innerHTML = memberRows(g.members)
      || '<tr><td colspan="4" class="muted">No active members.</td></tr>';
  };
  fill(g);
  resetPanel(id, $('#reset-offsets'));
  $('#delete-group').addEventListener('click', async () => {
    if (!await confirmed(`Delete consumer group ${id} and its committed offsets? Its consumers start again from their auto.offset.reset position.`)) return;
    try {
      await Api.del('/groups/' + enc(id));
      location.hash = '#/groups';
    } catch (error) {
      problemAt($('#delete-group'), error);
    }
  });
  followHistory(new TimeChart($('#lag-chart'), 'records behind', { empty: 'no samples yet: the node coordinating the group keeps them' }),
    `/groups/${enc(id)}/history`, 'lag');
  every(POLL_MS, async () => {
    const now = await Api.get('/groups/' + enc(id)).catch(() => null);
    if (!now || !$('#group-offsets')) return;
    fill(now);
  });
}

/** The reset value's input for each mode of `to`, as kafka-consumer-groups.sh --reset-offsets names them. */
const RESET_MODES = {
  earliest: ['to earliest'],
  latest: ['to latest'],
  current: ['to current (only clamps)'],
  offset: ['to offset', 'Offset', '<input type="number" min="0" step="1" name="value" id="reset-value">'],
  'shift-by': ['shift by', 'Records to move (negative: back)', '<input type="number" step="1" name="value" id="reset-value">'],
  datetime: ['to date and time', `Date and time (${esc(Intl.DateTimeFormat().resolvedOptions().timeZone)})`,
    '<input type="datetime-local" step="1" name="value" id="reset-value">'],
  timestamp: ['to timestamp', 'Timestamp (ms since the epoch)', '<input type="number" min="0" step="1" name="value" id="reset-value">'],
  duration: ['by duration', 'How long ago (ISO-8601, e.g. PT1H30M)', '<input name="value" id="reset-value" placeholder="PT1H">'],
};

function resetForm(topics, allTopics) {
  const others = allTopics.filter(t => !topics.includes(t));
  return `<form id="reset-offsets" class="card reset-offsets" novalidate>
    <h2>Reset offsets</h2>
    <p class="muted">Only while the group has no active members. Preview first: nothing changes until you apply.</p>
    <label>Topics <select name="topics" id="reset-topics" multiple size="${Math.min(6, Math.max(2, topics.length + others.length))}">
      ${topics.map(t => `<option selected>${esc(t)}</option>`).join('')}
      ${others.map(t => `<option>${esc(t)}</option>`).join('')}</select></label>
    <label>Partitions <input name="partitions" id="reset-partitions" placeholder="all, or e.g. 0, 2, 4-5"></label>
    <label>Move <select name="to" id="reset-to">${Object.entries(RESET_MODES).map(([to, [title]]) =>
      `<option value="${to}">${title}</option>`).join('')}</select></label>
    <div id="reset-value-field"></div>
    <div class="buttons"><button type="submit" id="reset-preview-submit" data-busy="Previewing…">Preview</button>
      <button type="button" id="reset-apply" class="danger" disabled>Apply</button></div>
    <div id="reset-preview"></div>
  </form>`;
}

/** "0, 2, 4-5" as [0, 2, 4, 5]; empty for all partitions. */
function partitionList(text) {
  return text.split(/[\s,]+/).filter(Boolean).flatMap(part => {
    const [from, to] = part.split('-').map(Number);
    if (!Number.isInteger(from) || (to !== undefined && !Number.isInteger(to))) throw new Error(`Partitions: '${part}' is not a number or a range`);
    return to === undefined ? [from] : Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  });
}

/** The body of POST /groups/{id}/offsets for what the form says; an empty value is left out, for the API to refuse. */
function resetRequest(form) {
  const data = new FormData(form);
  const body = { topics: data.getAll('topics'), partitions: partitionList(data.get('partitions') || ''), to: data.get('to') };
  const value = (data.get('value') ?? '').trim();
  if (value !== '') {
    if (body.to === 'offset') body.offset = Number(value);
    if (body.to === 'shift-by') body.shiftBy = Number(value);
    if (body.to === 'timestamp') body.timestamp = Number(value);
    if (body.to === 'datetime') body.datetime = new Date(value).toISOString();
    if (body.to === 'duration') body.duration = value;
  }
  return body;
}

/**
 * The reset panel: Preview asks the API for a dry run and shows, per partition, the current and new offset (each new
 * one editable) and the lag change; Apply asks for a confirmation naming what changes, then commits exactly the
 * offsets shown. Any change to the form drops the preview. Problems are shown in the panel.
 */
function resetPanel(id, form) {
  const preview = form.querySelector('#reset-preview');
  const apply = form.querySelector('#reset-apply');
  const say = error => error ? problemAt(form, error) : clearFeedback();
  const forget = () => { preview.innerHTML = ''; apply.disabled = true; };
  const showValueField = () => {
    const [, label, input] = RESET_MODES[form.querySelector('#reset-to').value];
    form.querySelector('#reset-value-field').innerHTML = input
      ? `<label>${label} ${input}</label>${input.includes('datetime-local') ? '<p class="muted" id="reset-utc"></p>' : ''}` : '';
  };
  const showUtc = () => {
    const field = form.querySelector('#reset-value');
    const utc = form.querySelector('#reset-utc');
    if (!utc) return;
    const at = field.value ? new Date(field.value) : null;
    utc.textContent = at && !isNaN(at) ? `= ${utcTime(at.getTime())}` : '';
  };
  showValueField();
  form.querySelector('#reset-to').addEventListener('change', showValueField);
  form.addEventListener('input', event => {
    if (event.target.classList.contains('new-offset')) return editRow(event.target);
    showUtc();
    forget();
  });
  form.addEventListener('change', event => { if (!event.target.classList.contains('new-offset')) forget(); });

  const editRow = input => {
    const row = input.closest('tr');
    const stable = Number(row.dataset.stable);
    const edited = Number(input.value);
    row.querySelector('.lag-after').textContent = input.value === '' ? '—' : grouped(Math.max(0, stable - edited));
    summarize();
  };
  const rows = () => [...preview.querySelectorAll('tbody tr')];
  const summarize = () => {
    const before = rows().reduce((sum, row) => sum + Number(row.dataset.lagBefore), 0);
    const after = rows().reduce((sum, row) => sum + Math.max(0, Number(row.dataset.stable) - Number(row.querySelector('.new-offset').value)), 0);
    preview.querySelector('#reset-summary').textContent = `${rows().length} partition${rows().length === 1 ? '' : 's'}; lag ${grouped(before)} → ${grouped(after)}`;
    return { before, after };
  };

  form.addEventListener('submit', async event => {
    event.preventDefault();
    say(null);
    forget();
    document.getElementById('notice')?.remove();
    const button = form.querySelector('#reset-preview-submit');
    button.disabled = true;
    try {
      const result = await Api.post(`/groups/${enc(id)}/offsets?dryRun=true`, resetRequest(form));
      preview.innerHTML = `<p><b id="reset-summary"></b></p><p class="muted">${esc(result.note)}</p>
        <table id="reset-partitions-preview"><thead><tr><th>Topic</th><th>Partition</th><th class="num">Current</th>
          <th class="num">New</th><th class="num">Log start</th><th class="num">Log end</th><th class="num">Lag before</th>
          <th class="num">Lag after</th></tr></thead><tbody>
        ${result.partitions.map(p => `<tr data-partition="${esc(p.topic)}-${p.partition}" data-topic="${esc(p.topic)}"
            data-number="${p.partition}" data-stable="${p.lagAfter + p.newOffset}" data-lag-before="${p.lagBefore ?? 0}">
          <td>${esc(p.topic)}</td><td>${p.partition}</td><td class="num current">${p.currentOffset ?? '—'}</td>
          <td class="num"><input type="number" class="new-offset" min="${p.logStartOffset}" max="${p.logEndOffset}" step="1"
            value="${p.newOffset}" aria-label="New offset of ${esc(p.topic)}-${p.partition}">
            ${p.requestedOffset !== p.newOffset ? `<span class="muted clamped">clamped from ${p.requestedOffset}</span>` : ''}</td>
          <td class="num">${p.logStartOffset}</td><td class="num">${p.logEndOffset}</td>
          <td class="num lag-before">${grouped(p.lagBefore)}</td><td class="num lag-after">${grouped(p.lagAfter)}</td></tr>`).join('')}
        </tbody></table>`;
      summarize();
      apply.disabled = result.partitions.length === 0;
      preview.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      say(error);
    } finally {
      button.disabled = false;
    }
  });

  apply.addEventListener('click', async () => {
    say(null);
    const offsets = {};
    for (const row of rows()) {
      const value = row.querySelector('.new-offset').value.trim();
      if (!/^\d+$/.test(value)) return say(new Error(`Give a new offset of 0 or more for ${row.dataset.partition}`));
      (offsets[row.dataset.topic] ??= {})[row.dataset.number] = Number(value);
    }
    const { before, after } = summarize();
    const count = rows().length;
    const what = `${count} partition${count === 1 ? '' : 's'} of ${Object.keys(offsets).join(', ')} for group ${id}`;
    if (!await confirmed(`Move ${what}; lag ${grouped(before)} → ${grouped(after)}?`)) return;
    apply.disabled = true;
    try {
      const result = await Api.post(`/groups/${enc(id)}/offsets`, { offsets });
      await route();
      notice(`Moved ${what}; their lag is now ${grouped(result.totalLagAfter)}.`);
    } catch (error) {
      say(error);
      apply.disabled = false;
    }
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
