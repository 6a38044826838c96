'use strict';
/**
 * The console's client of the admin API beside it (/api). Logging in opens an API session (POST /api/sessions with
 * the password, once); its token, not the password, is kept in localStorage, so every tab of the browser shares the
 * login, and goes with every call as a Bearer token. X-Requested-With keeps the browser's own login dialog away.
 * Failures reject with the API's problem details (RFC 9457). An answer that arrives after the console moved on to
 * another page (`leavePage`) never settles, so a page left behind cannot draw over the one shown now.
 */
const Api = {
  /** The localStorage key of the session's token; tabs watch it (storage events) to log in and out together. */
  TOKEN: 'partita.session',

  /** How many pages the console has shown; a call belongs to the page shown when it was made. */
  page: 0,

  leavePage() {
    this.page++;
  },

  token() {
    return localStorage.getItem(this.TOKEN);
  },

  forget() {
    localStorage.removeItem(this.TOKEN);
  },

  /** Opens a session with a password; resolves to the session (token, user, role), kept for every tab. */
  async logIn(user, password) {
    const basic = 'Basic ' + btoa(unescape(encodeURIComponent(user + ':' + password)));
    const session = await this.call('POST', '/sessions', undefined, basic);
    localStorage.setItem(this.TOKEN, session.token);
    return session;
  },

  /** Ends the session of every tab: the token is forgotten at once, then closed on the server. */
  async logOut() {
    const token = this.token();
    this.forget();
    if (token) await this.call('DELETE', '/sessions/current', undefined, 'Bearer ' + token).catch(() => null);
  },

  async call(method, path, body, authorization = this.token() && 'Bearer ' + this.token()) {
    const page = this.page;
    const headers = { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
    if (authorization) headers['Authorization'] = authorization;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch('/api' + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store'
    });
    const text = await response.text();
    if (page !== this.page) return new Promise(() => {});
    if (response.status === 204) return null;
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
