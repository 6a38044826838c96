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
const utc = ms => new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC');
/** A time (ms since the epoch) as HTML: in the browser's zone, the zone named, UTC in its tooltip. */
const time = ms => {
  const d = new Date(ms);
  return `<time datetime="${d.toISOString()}" title="${utc(ms)}">${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} `
    + `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)} ${esc(zoneName(d))}</time>`;
};

function problem(error) {
  const box = document.getElementById('problem');
  if (!error) { box.hidden = true; return; }
  const p = error.problem || { detail: error.message };
  box.textContent = (p.status ? p.status + ' ' : '') + (p.title ? p.title + ': ' : '') + (p.detail || '')
    + (p.errorName ? ` (Kafka error ${p.errorCode} ${p.errorName})` : '');
  box.hidden = false;
  if (p.status === 401) logout();
}

function notice(text) {
  const box = document.createElement('div');
  box.className = 'notice';
  box.id = 'notice';
  box.textContent = text;
  view.prepend(box);
  window.scrollTo(0, 0);
}

/**
 * Runs an action of a form: the API call (the form busy meanwhile), then a notice and a re-render, or the problem
 * shown.
 */
function action(form, run, done) {
  form.addEventListener('submit', async event => {
    event.preventDefault();
    problem(null);
    const button = form.querySelector('button[type=submit]');
    const label = button.textContent;
    button.disabled = true;
    button.textContent = button.dataset.busy || label;
    form.setAttribute('aria-busy', 'true');
    try {
      const message = await run(new FormData(form));
      await route();
      if (message) notice(message);
      if (done) done();
    } catch (error) {
      problem(error);
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

function pairs(text) {
  const result = {};
  for (const line of (text || '').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) result[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
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

/** Rate per second of a growing total, for charts. */
function rate() {
  let previous = null;
  return (total, now = Date.now()) => {
    const r = previous && now > previous.at ? Math.max(0, (total - previous.total) * 1000 / (now - previous.at)) : 0;
    previous = { total, at: now };
    return r;
  };
}

/**
 * The console's pages by the first part of their route: each takes the route's decoded parts and its query
 * (URLSearchParams) and renders into `view`.
 */
const pages = {};
