'use strict';
/*
 * Records (#/records?topic=<name>&partition=<n>): a search of a topic's records through GET /api/records/<topic>
 * (all partitions or one; by key, value, JSON field, header and time; newest first, or oldest first from an offset
 * or a date-time in the browser's zone), page by page; a live tail polling every LIVE_MS for records after the
 * partitions' ends, keeping the newest LIVE_KEEP; values shown as folding JSON, text or a hex dump; copy of a value
 * and export of the shown records as JSON lines; and (admins) producing records, one or several as JSON lines.
 */
const LIVE_MS = 1000;
const LIVE_KEEP = 500;

async function records(query) {
  const topicList = await Api.get('/topics');
  const chosen = query.get('topic') || topicList[0]?.name || '';
  view.innerHTML = `
    <h1>Records</h1>
    <form id="search" class="card inline">
      <label>Topic <select name="topic" id="search-topic">${topicList.map(t => `<option${t.name === chosen ? ' selected' : ''}>${esc(t.name)}</option>`).join('')}</select></label>
      <label>Partition <select name="partition" id="search-partition"></select></label>
      <label>Order <select name="order" id="search-order"><option value="newest">newest first</option><option value="oldest">oldest first</option></select></label>
      <label>From offset (oldest first) <input name="offset" id="search-offset" type="number" min="0"></label>
      <label>From (${esc(zoneName(new Date()))}) <input name="from" id="search-from" type="datetime-local" step="1"></label>
      <label>To <input name="to" id="search-to" type="datetime-local" step="1"></label>
      <label>Key contains <input name="key" id="search-key"></label>
      <label>Value contains <input name="value" id="search-value"></label>
      <label title="path = value, or path ~ value for contains; e.g. items.0.sku~sku-1">JSON field <input name="jsonField" id="search-json" placeholder="customer.country=DE"></label>
      <label>Header <input name="header" id="search-header" placeholder="source=mobile"></label>
      <label>Records <input name="limit" id="search-limit" type="number" min="1" max="500" value="50"></label>
      <label>Show as <select name="format" id="search-format"><option value="text">JSON / text</option><option value="hex">hex</option></select></label>
      <button type="submit" id="search-submit" data-busy="Searching…">Search</button>
      <label class="check"><input type="checkbox" id="live"> Live</label>
    </form>
    <div class="record-tools">
      <span id="search-status" class="muted"></span>
      <button type="button" id="next-page" hidden>Next page</button>
      <button type="button" id="export">Export JSON lines</button>
      <a id="export-link" hidden></a>
    </div>
    <table id="records"><thead><tr><th class="num">Partition</th><th class="num">Offset</th><th>Time</th><th>Key</th>
      <th>Value</th><th>Headers</th><th></th></tr></thead><tbody></tbody></table>
    <div class="row admin-only">
      <form id="produce" class="card">
        <h2>Produce a record</h2>
        <label>Partition <input name="partition" id="produce-partition" type="number" min="0" placeholder="any"></label>
        <label>Key <input name="key" id="produce-key"></label>
        <label>Value <textarea name="value" id="produce-value" rows="3"></textarea></label>
        <label class="check"><input type="checkbox" name="tombstone" id="produce-tombstone"> null value (tombstone)</label>
        <label>Headers (name=value a line) <textarea name="headers" id="produce-headers" rows="2"></textarea></label>
        <button type="submit" id="produce-submit">Produce</button>
      </form>
      <form id="produce-batch" class="card">
        <h2>Produce several records</h2>
        <label>One JSON object a line: <code>{"key": "k1", "value": {"any": "JSON"}, "headers": {"source": "test"}, "partition": 0}</code>;
          all members optional, a value not a string is sent as its JSON text, <code>"value": null</code> is a tombstone
          <textarea name="lines" id="produce-lines" rows="5"></textarea></label>
        <button type="submit" id="produce-batch-submit">Produce all</button>
      </form>
    </div>`;
  adminOnly();
  const form = $('#search');
  const partitionsOf = name => topicList.find(t => t.name === name)?.partitions ?? 0;
  const showPartitions = (name, selected) => {
    $('#search-partition').innerHTML = `<option value="">all</option>` + Array.from({ length: partitionsOf(name) },
      (_, p) => `<option${String(p) === selected ? ' selected' : ''}>${p}</option>`).join('');
  };
  showPartitions(chosen, query.get('partition'));
  $('#search-topic').addEventListener('change', event => {
    showPartitions(event.target.value, null);
    history.replaceState(null, '', `#/records?topic=${enc(event.target.value)}`);
  });

  let shown = [];
  let shownTopic = chosen;
  let cursor = null;
  let live = null;
  const render = format => {
    $('#records tbody').innerHTML = shown.map((r, i) => recordRow(r, i, format)).join('')
      || '<tr><td colspan="7" class="muted">No records found.</td></tr>';
  };
  const search = async next => {
    const data = new FormData(form);
    const params = searchParams(data);
    if (next) params.set('cursor', next);
    const page = await Api.get(`/records/${enc(data.get('topic'))}?${params}`);
    shown = page.records;
    shownTopic = data.get('topic');
    cursor = page.cursor;
    render(data.get('format'));
    $('#search-status').innerHTML = `${page.records.length} found, ${page.scanned} scanned in ${page.tookMs} ms; `
      + `${STOPPED[page.stoppedBy]}. <span title="${esc(page.partitions.map(p => `partition ${p.partition}: next ${p.next}${p.done ? ' (done)' : ''}`).join('\n'))}">Where it stopped</span>`;
    $('#next-page').hidden = !cursor;
  };
  const runSearch = async next => {
    problem(null);
    const button = $('#search-submit');
    button.disabled = true;
    $('#search-status').textContent = 'Searching…';
    try {
      await search(next);
    } catch (error) {
      $('#search-status').textContent = '';
      problem(error);
    } finally {
      button.disabled = false;
    }
  };
  form.addEventListener('submit', event => { event.preventDefault(); runSearch(null); });
  $('#next-page').addEventListener('click', () => runSearch(cursor));

  const stopLive = () => {
    if (live) live.stop();
    live = null;
  };
  $('#live').addEventListener('change', async event => {
    if (!event.target.checked) {
      stopLive();
      $('#search-status').textContent = `Paused; ${shown.length} records shown.`;
      return;
    }
    const data = new FormData(form);
    const topicName = data.get('topic');
    try {
      const detail = await Api.get('/topics/' + enc(topicName));
      let positions = detail.partitions.filter(p => data.get('partition') === '' || String(p.partition) === data.get('partition'))
        .map(p => `${p.partition}:${p.logEndOffset}`).join(',');
      shown = [];
      shownTopic = topicName;
      render(data.get('format'));
      $('#next-page').hidden = true;
      let busy = false;
      const tick = async () => {
        if (busy) return;
        busy = true;
        try {
          const params = searchParams(data);
          params.set('order', 'oldest');
          params.delete('offset');
          params.set('limit', String(LIVE_KEEP));
          params.set('cursor', positions);
          const page = await Api.get(`/records/${enc(topicName)}?${params}`);
          positions = page.partitions.map(p => `${p.partition}:${p.next}`).join(',');
          if (page.records.length) {
            shown = page.records.reverse().concat(shown).slice(0, LIVE_KEEP);
            render(data.get('format'));
          }
          $('#search-status').textContent = `Live: ${shown.length} new records shown (the newest ${LIVE_KEEP} kept).`;
        } catch (error) {
          problem(error);
        } finally {
          busy = false;
        }
      };
      const id = setInterval(tick, LIVE_MS);
      const stop = () => clearInterval(id);
      timers.add(stop);
      live = { stop: () => { stop(); timers.delete(stop); } };
      tick();
    } catch (error) {
      event.target.checked = false;
      problem(error);
    }
  });

  $('#records').addEventListener('click', async event => {
    const button = event.target.closest('button.copy-value');
    if (!button) return;
    const record = shown[Number(button.dataset.index)];
    await copyText(record.value === null ? 'null' : show(record.value));
    $('#search-status').textContent = `Copied the value of partition ${record.partition} offset ${record.offset}.`;
  });
  $('#export').addEventListener('click', () => {
    const lines = shown.map(r => JSON.stringify({ topic: shownTopic, ...r }) + '\n');
    const link = $('#export-link');
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob(lines, { type: 'application/x-ndjson' }));
    link.download = `${shownTopic}-records.jsonl`;
    link.click();
  });

  action($('#produce'), async data => {
    const body = { key: data.get('key') || null, value: data.get('tombstone') ? null : data.get('value'),
      headers: pairs(data.get('headers')) };
    if (data.get('partition') !== '') body.partition = Number(data.get('partition'));
    const written = await Api.post('/records/' + enc($('#search-topic').value), body);
    return `Produced to partition ${written.partition} at offset ${written.offset}.`;
  });
  action($('#produce-batch'), async data => {
    const topicName = $('#search-topic').value;
    const written = await Api.post(`/records/${enc(topicName)}/batch`, producedLines(data.get('lines')));
    return `Produced ${written.length} records to ${topicName}.`;
  });
  if (query.get('topic')) runSearch(null);
}

const STOPPED = {
  limit: 'the page is full (next page goes on)',
  scan: 'the scan bound was reached (next page goes on)',
  time: 'the time budget ran out (next page goes on)',
  end: 'everything in range was read',
};

/** The search's query parameters from the search form; date-times are the browser's zone, "to" takes its whole second. */
function searchParams(data) {
  const params = new URLSearchParams({ order: data.get('order'), limit: data.get('limit'), format: data.get('format') });
  for (const name of ['partition', 'offset', 'key', 'value', 'jsonField', 'header']) {
    if (data.get(name)) params.set(name, data.get(name));
  }
  if (data.get('from')) params.set('from', new Date(data.get('from')).getTime());
  if (data.get('to')) params.set('to', new Date(data.get('to')).getTime() + 999);
  return params;
}

function recordRow(r, index, format) {
  const content = (value, none) => value === null ? `<span class="muted null">${none}</span>`
    : format === 'hex' ? hexDump(value) : jsonOrText(value);
  const headers = r.headers.length ? `<table class="headers">${r.headers.map(h =>
    `<tr><th>${esc(h.key)}</th><td>${esc(h.value === null ? 'null' : show(h.value))}</td></tr>`).join('')}</table>` : '';
  return `<tr data-partition="${r.partition}" data-offset="${r.offset}"><td class="num">${r.partition}</td>
    <td class="num">${r.offset}</td><td class="record-time">${time(r.timestamp)}<br><small class="muted">${esc(utcTime(r.timestamp))}</small></td>
    <td class="record-key">${content(r.key, 'null')}</td><td class="record-value">${content(r.value, 'null (tombstone)')}</td>
    <td>${headers}</td><td><button type="button" class="copy-value" data-index="${index}">Copy</button></td></tr>`;
}

/** Text that parses as a JSON object or array as a tree with folding members; other text as it is. */
function jsonOrText(text) {
  if (/^\s*[[{]/.test(text)) {
    try {
      return `<div class="json">${jsonTree(JSON.parse(text))}</div>`;
    } catch (notJson) { /* shown as text */ }
  }
  return `<pre>${esc(text)}</pre>`;
}

function jsonTree(value, name) {
  const label = name === undefined ? '' : `<span class="json-name">${esc(JSON.stringify(name))}</span>: `;
  if (value === null || typeof value !== 'object') {
    return `<div>${label}<span class="json-${value === null ? 'null' : typeof value}">${esc(JSON.stringify(value))}</span></div>`;
  }
  const array = Array.isArray(value);
  const members = array ? value.map(v => jsonTree(v)) : Object.entries(value).map(([k, v]) => jsonTree(v, k));
  const [open, close] = array ? ['[', ']'] : ['{', '}'];
  if (!members.length) return `<div>${label}${open}${close}</div>`;
  return `<details open><summary>${label}${open}<span class="json-folded"> ${members.length} ${array ? 'items' : 'members'} ${close}</span></summary>`
    + `<div class="json-members">${members.join('')}</div>${close}</details>`;
}

/** Lower-case hex digits as a dump: offset, 16 bytes a line, and their printable ASCII. */
function hexDump(hex) {
  const lines = [];
  const size = hex.length / 2;
  for (let at = 0; at < size; at += 16) {
    const line = [];
    for (let i = at; i < Math.min(at + 16, size); i++) line.push(parseInt(hex.substr(i * 2, 2), 16));
    lines.push(`${at.toString(16).padStart(8, '0')}  ${line.map(b => b.toString(16).padStart(2, '0')).join(' ').padEnd(Math.min(16, size) * 3 - 1)}  `
      + `|${line.map(b => b >= 32 && b < 127 ? String.fromCharCode(b) : '.').join('')}|`);
  }
  return `<pre class="hex">${esc(lines.join('\n'))}</pre>`;
}

/** The produce requests in JSON lines ({"key", "value", "headers", "partition"}); says which line is wrong. */
function producedLines(text) {
  const asText = v => v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);
  return text.split('\n').map((line, i) => [line.trim(), i + 1]).filter(([line]) => line).map(([line, number]) => {
    let record;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new Error(`Line ${number} is no JSON: ${error.message}`);
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new Error(`Line ${number} is no JSON object`);
    const body = { key: asText(record.key), value: asText(record.value),
      headers: Object.fromEntries(Object.entries(record.headers || {}).map(([k, v]) => [k, asText(v)])) };
    if (record.partition !== undefined) body.partition = record.partition;
    return body;
  });
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (refused) {
    const area = Object.assign(document.createElement('textarea'), { value: text });
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

pages.records = (parts, query) => records(query);
