'use strict';
/*
 * The console's security views (#/users, #/acls, #/quotas). Each lists what Kafka's Admin API describes;
 * its forms and remove buttons are for admins.
 */
const ACL_RESOURCE_TYPES = ['TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID', 'DELEGATION_TOKEN', 'USER'];
const ACL_OPERATIONS = ['ALL', 'READ', 'WRITE', 'CREATE', 'DELETE', 'ALTER', 'DESCRIBE', 'CLUSTER_ACTION', 'DESCRIBE_CONFIGS',
  'ALTER_CONFIGS', 'IDEMPOTENT_WRITE', 'CREATE_TOKENS', 'DESCRIBE_TOKENS', 'TWO_PHASE_COMMIT'];
const QUOTA_KEYS = ['producer_byte_rate', 'consumer_byte_rate', 'request_percentage', 'controller_mutation_rate'];
const options = (values, chosen) => values.map(v => `<option${v === chosen ? ' selected' : ''}>${esc(v)}</option>`).join('');

/**
 * Makes each button matching selector remove what its row stands for: after confirming question(button), runs
 * remove(button), then shows the view afresh with done(button) as notice; an error shows under the button's table.
 */
function removeButtons(selector, question, remove, done) {
  view.querySelectorAll(selector).forEach(button => button.addEventListener('click', async () => {
    if (!await confirmed(question(button))) return;
    try {
      await remove(button);
      await route();
      notice(done(button));
    } catch (error) {
      problemAt(button.closest('table'), error);
    }
  }));
}

async function users() {
  const list = await Api.get('/users');
  view.innerHTML = `
    <h1>Users</h1>
    <p class="muted">Users with SCRAM credentials in the cluster metadata, as <code>kafka-configs.sh --entity-type users</code>
      manages them. They log in to Kafka with SCRAM (or PLAIN), and to this console with the role of their users-file line
      <code>name=role:scram</code>, or else of their ACLs: ALTER on the cluster makes an admin, DESCRIBE a viewer.
      Users of the users file are managed in that file.</p>
    <form id="set-password" class="card inline admin-only">
      <label>User <input name="name" id="user-name" required></label>
      <label>Mechanism <select name="mechanism" id="user-mechanism">${options(['SCRAM-SHA-512', 'SCRAM-SHA-256'])}</select></label>
      <label>Password <input name="password" id="user-password" type="password" required autocomplete="new-password"></label>
      <label>Iterations <input name="iterations" type="number" min="4096" max="16384" value="4096"></label>
      <button type="submit" id="user-submit" data-busy="Saving…">Set password</button>
    </form>
    <table id="users"><thead><tr><th>User</th><th>Credentials</th><th></th></tr></thead><tbody>
      ${list.map(u => `<tr data-user="${esc(u.name)}"><td>${esc(u.name)}</td>
        <td class="credentials">${u.credentials.map(c => `${esc(c.mechanism)} (${c.iterations} iterations)`).join(', ')}</td>
        <td><button type="button" class="danger admin-only delete-user" data-user="${esc(u.name)}">Delete</button></td></tr>`).join('')}
    </tbody></table>
    ${list.length ? '' : '<p class="muted">No SCRAM users yet.</p>'}`;
  adminOnly();
  action($('#set-password'), async form => {
    await Api.put('/users/' + enc(form.get('name')), {
      mechanism: form.get('mechanism'), password: form.get('password'), iterations: Number(form.get('iterations'))
    });
    return `Password of ${form.get('name')} set (${form.get('mechanism')}).`;
  });
  removeButtons('.delete-user', b => `Delete user ${b.dataset.user}? Every SCRAM credential of theirs goes: they can no longer log in with SCRAM, to Kafka or to this console.`,
    b => Api.del('/users/' + enc(b.dataset.user)), b => `User ${b.dataset.user} deleted.`);
}

async function acls(query) {
  const filter = String(new URLSearchParams([...query].filter(([, value]) => value)));
  const list = await Api.get('/acls' + (filter ? '?' + filter : ''));
  view.innerHTML = `
    <h1>ACLs</h1>
    <form id="acl-filter" class="card inline">
      <label>Principal <input name="principal" value="${esc(query.get('principal') || '')}" placeholder="any"></label>
      <label>Resource type <select name="resourceType"><option value="">any</option>${options(ACL_RESOURCE_TYPES, query.get('resourceType'))}</select></label>
      <label>Resource name <input name="resourceName" value="${esc(query.get('resourceName') || '')}" placeholder="any"></label>
      <button type="submit">Filter</button>
    </form>
    <form id="add-acl" class="card inline admin-only">
      <label>Principal <input name="principal" id="acl-principal" required placeholder="User:alice"></label>
      <label>Permission <select name="permission" id="acl-permission">${options(['ALLOW', 'DENY'])}</select></label>
      <label>Operation <select name="operation" id="acl-operation">${options(ACL_OPERATIONS)}</select></label>
      <label>Resource type <select name="resourceType" id="acl-resource-type">${options(ACL_RESOURCE_TYPES)}</select></label>
      <label>Pattern <select name="patternType" id="acl-pattern-type">${options(['LITERAL', 'PREFIXED'])}</select></label>
      <label>Resource name <input name="resourceName" id="acl-resource-name" required placeholder="orders; kafka-cluster; *"></label>
      <label>Host <input name="host" id="acl-host" value="*"></label>
      <button type="submit" id="acl-submit" data-busy="Adding…">Add ACL</button>
    </form>
    <table id="acls"><thead><tr><th>Principal</th><th>Permission</th><th>Operation</th><th>Resource</th><th>Pattern</th>
      <th>Host</th><th></th></tr></thead><tbody>
      ${list.map((a, i) => `<tr data-acl="${i}"><td>${esc(a.principal)}</td><td>${esc(a.permission)}</td><td>${esc(a.operation)}</td>
        <td>${esc(a.resourceType)} <code>${esc(a.resourceName)}</code></td><td>${esc(a.patternType)}</td><td>${esc(a.host)}</td>
        <td><button type="button" class="danger admin-only remove-acl" data-acl="${i}">Remove</button></td></tr>`).join('')}
    </tbody></table>
    ${list.length ? '' : '<p class="muted">No ACLs match.</p>'}`;
  adminOnly();
  $('#acl-filter').addEventListener('submit', event => {
    event.preventDefault();
    const chosen = String(new URLSearchParams([...new FormData(event.target)].filter(([, value]) => value)));
    location.hash = '#/acls' + (chosen ? '?' + chosen : '');
  });
  action($('#add-acl'), async form => {
    const acl = await Api.post('/acls', Object.fromEntries(form));
    return `ACL added: ${acl.principal} ${acl.permission} ${acl.operation} on ${acl.resourceType} ${acl.resourceName}.`;
  });
  const acl = b => { const a = list[b.dataset.acl]; return `${a.principal} ${a.permission} ${a.operation} on ${a.resourceType} ${a.resourceName}`; };
  removeButtons('.remove-acl', b => `Remove the ACL ${acl(b)}? What it ${list[b.dataset.acl].permission === 'DENY' ? 'denies is no longer denied' : 'allows is no longer allowed'} from the next request on.`,
    b => Api.del('/acls?' + new URLSearchParams(list[b.dataset.acl])), b => `ACL removed: ${acl(b)}.`);
}

async function quotas() {
  const list = await Api.get('/quotas');
  const shown = (key, value) => value == null ? '—' : key.endsWith('_byte_rate') ? `${bytes(value)}/s` : String(value);
  view.innerHTML = `
    <h1>Client quotas</h1>
    <p class="muted">Kafka's client quotas per user, client id or both; <code>&lt;default&gt;</code> stands for the default user or
      client id. A client gets the first quota set for it in Kafka's order, from its user and client id down to the defaults.</p>
    <form id="set-quota" class="card inline admin-only">
      <label>User (a name, &lt;default&gt;, or none) <input name="user" id="quota-user"></label>
      <label>Client id (likewise) <input name="clientId" id="quota-client"></label>
      <label>Quota <select name="key" id="quota-key">${options(QUOTA_KEYS)}</select></label>
      <label>Value (empty removes it) <input name="value" id="quota-value" type="number" min="0" step="any"></label>
      <button type="submit" id="quota-submit" data-busy="Setting…">Set quota</button>
    </form>
    <table id="quotas"><thead><tr><th>Entity</th>${QUOTA_KEYS.map(k => `<th class="num">${k}</th>`).join('')}<th></th></tr></thead><tbody>
      ${list.map(q => `<tr data-entity="${esc(q.path)}"><td><code>${esc(q.path)}</code></td>
        ${QUOTA_KEYS.map(k => `<td class="num ${k}">${esc(shown(k, q.quotas[k]))}</td>`).join('')}
        <td><button type="button" class="danger admin-only remove-quotas" data-entity="${esc(q.path)}">Remove</button></td></tr>`).join('')}
    </tbody></table>
    ${list.length ? '' : '<p class="muted">No client quotas set.</p>'}`;
  adminOnly();
  action($('#set-quota'), async form => {
    const path = [['users', form.get('user').trim()], ['clients', form.get('clientId').trim()]]
      .filter(([, name]) => name).map(([kind, name]) => `${kind}/${enc(name)}`).join('/');
    if (!path) throw new Error('Give a user, a client id or both.');
    const value = form.get('value');
    await Api.put('/quotas/' + path, { [form.get('key')]: value === '' ? null : Number(value) });
    return `Quota ${form.get('key')} of ${decodeURIComponent(path)} ${value === '' ? 'removed' : 'set to ' + value}.`;
  });
  removeButtons('.remove-quotas', b => `Remove every quota of ${b.dataset.entity}? Its clients get the next quota that matches them, or none.`,
    b => Api.del('/quotas/' + b.dataset.entity.split('/').map(enc).join('/')), b => `Quotas of ${b.dataset.entity} removed.`);
}

pages.users = () => users();
pages.acls = (parts, query) => acls(query);
pages.quotas = () => quotas();
