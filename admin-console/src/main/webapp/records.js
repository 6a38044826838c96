'use strict';
/* The record browser (#/records?topic=<name>&partition=<n>). */
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

pages.records = (parts, query) => records(query);
