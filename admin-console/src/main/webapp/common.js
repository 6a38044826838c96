'use strict';
/*
 * What every view of the console shares: escaping and formatting, the problem and notice boxes, form actions, timers
 * that stop when the view changes, and the table of pages. Each view file registers its page in `pages` under the
 * first part of its route (#/<name>/...); console.js, loaded last, routes to them. Views with charts poll every POLL_MS
 * while shown; a topic's running reassignment is watched every PROGRESS_MS. A form's submit button stays disabled,
 * showing its data-busy text, until the API answers.
 */
const POLL_MS = 3000;
const PROGRESS_MS = 1000;
const view = document.getElementById('view');
/** Who this tab is logged in as (GET /api/me), set by console.js before the first page shows. */
let caller = null;
/** Stops each timer of the view shown; route() runs them all before showing another. */
const timers = new Set();

const esc = value => String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const enc = encodeURIComponent;
const bytes = n => n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : n < 1073741824
    ? `${(n / 1048576).toFixed(1)} MiB` : `${(n / 1073741824).toFixed(2)} GiB`;
const $ = selector => view.querySelector(selector);
const show = value => typeof value === 'string' ? value : JSON.stringify(value);
const pad = (n, width = 2) => String(n).padStart(width, '0');
/** The browser's name for its time zone at that date ("CET", "GMT+1", "UTC"). */
const zoneName = date => new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' }).formatToParts(date)
  .find(part => part.type === 'timeZoneName')?.value ?? '';
/** A time (ms since the epoch) in UTC as text: "2026-12-06 14:58:34.252 UTC". */
const utcTime = ms => new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC');
/** A time (ms since the epoch) as HTML: in the browser's zone, the zone named, UTC in its tooltip. */
const time = ms => {
  const d = new Date(ms);
  return `<time datetime="${d.toISOString()}" title="${utcTime(ms)}">${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} `
    + `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)} ${esc(zoneName(d))}</time>`;
};

/** What an error says: its problem details' status, title and detail, and the Kafka error behind it. */
function problemText(error) {
  const p = error.problem || { detail: error.message };
  return (p.status ? p.status + ' ' : '') + (p.title ? p.title + ': ' : '') + (p.detail || '')
    + (p.errorName ? ` (Kafka error ${p.errorCode} ${p.errorName})` : '');
}

/** Shows (or, given none, hides) an error of the whole page in the box above it; a login that ended logs out. */
function problem(error) {
  const box = document.getElementById('problem');
  if (!error) { box.hidden = true; return; }
  box.textContent = problemText(error);
  box.hidden = false;
  if (error.problem && error.problem.status === 401) logout();
}

/**
 * Shows the error of an action beside what caused it: inside a form (at its end), else right after the element
 * (a table whose row button failed). A success notice still shown goes: the error is the news now.
 */
function problemAt(anchor, error) {
  if (error.problem && error.problem.status === 401) return logout();
  clearFeedback();
  const box = document.createElement('div');
  box.className = 'problem action-problem';
  box.setAttribute('role', 'alert');
  box.textContent = problemText(error);
  if (anchor.tagName === 'FORM') anchor.append(box); else anchor.after(box);
  box.scrollIntoView({ block: 'nearest' });
}

/** Removes the notices and action errors shown: an action's outcome replaces the last one's. */
function clearFeedback() {
  view.querySelectorAll('.notice, .action-problem').forEach(box => box.remove());
}

/** Shows what an action did: after the form of that id when the view shows one again, else atop the view. */
function notice(text, near) {
  clearFeedback();
  const box = document.createElement('div');
  box.className = 'notice';
  box.id = 'notice';
  box.setAttribute('role', 'status');
  box.textContent = text;
  const form = near && document.getElementById(near);
  if (form && view.contains(form)) {
    form.after(box);
    box.scrollIntoView({ block: 'nearest' });
  } else {
    view.prepend(box);
    window.scrollTo(0, 0);
  }
}

/**
 * Asks before a destructive action, with text saying exactly what it will do (which topic, group, user, how many
 * records go). Resolves to whether the user agreed. Every destructive button of every page asks through here.
 */
function confirmed(text) {
  return Promise.resolve(window.confirm(text));
}

/**
 * Runs an action of a form: the API call (the form busy meanwhile), then a re-render and a notice by the form, or
 * the problem shown in the form.
 */
function action(form, run, done) {
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearFeedback();
    const button = form.querySelector('button[type=submit]');
    const label = button.textContent;
    button.disabled = true;
    button.textContent = button.dataset.busy || label;
    form.setAttribute('aria-busy', 'true');
    try {
      const message = await run(new FormData(form));
      await route();
      if (message) notice(message, form.id);
      if (done) done();
    } catch (error) {
      problemAt(form, error);
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

/**
 * The name=value lines of a form's text box as an object; blank lines are skipped. Throws, naming the line, at a line
 * that is not name=value, so that action() shows it rather than the line being dropped.
 */
function pairs(text) {
  const result = {};
  (text || '').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const at = line.indexOf('=');
    if (at < 1 || !line.slice(0, at).trim()) throw new Error(`line ${i + 1}: expected name=value`);
    result[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  });
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

/**
 * The console's pages by the first part of their route: each takes the route's decoded parts and its query
 * (URLSearchParams) and renders into `view`.
 */
const pages = {};
