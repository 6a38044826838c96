'use strict';
/**
 * The console's client of the admin API beside it (/api). Credentials live in sessionStorage for this tab only
 * and go with every call as HTTP Basic; X-Requested-With keeps the browser's own login dialog away.
 * Failures reject with the API's problem details (RFC 9457).
 */
const Api = {
  credentials() {
    return sessionStorage.getItem('partita.credentials');
  },

  remember(user, password) {
    sessionStorage.setItem('partita.credentials', btoa(unescape(encodeURIComponent(user + ':' + password))));
  },

  forget() {
    sessionStorage.removeItem('partita.credentials');
  },

  async call(method, path, body) {
    const headers = { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
    const credentials = this.credentials();
    if (credentials) headers['Authorization'] = 'Basic ' + credentials;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch('/api' + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit'
    });
    if (response.status === 204) return null;
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const problem = json && json.status ? json : { status: response.status, title: response.statusText, detail: text };
      throw Object.assign(new Error(problem.detail || problem.title), { problem });
    }
    return json;
  },

  get(path) { return this.call('GET', path); },
  post(path, body) { return this.call('POST', path, body); },
  put(path, body) { return this.call('PUT', path, body); },
  del(path) { return this.call('DELETE', path); },
};
