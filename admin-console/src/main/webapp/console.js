'use strict';
/*
 * The console's shell, served only to a logged-in browser (login.html logs in) and loaded after every view file: it
 * routes #/<page>/... to the page registered in `pages` (common.js), and keeps who is logged in (`caller`, common.js).
 * Every view reads from the API; admin-only forms are hidden from viewers (the API refuses viewers' changes anyway).
 * All tabs share one login (api.js): when it ends in one of them, or its session expires, every tab goes through the
 * logout to the login page, keeping the page it showed for after the next login.
 */
async function route() {
  stopPolling();
  Api.leavePage();
  if (!caller) return;
  const [path, search] = (location.hash.slice(1) || '/overview').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.getAttribute('href') === '#/' + parts[0]));
  problem(null);
  try {
    await (pages[parts[0]] || pages.overview)(parts, new URLSearchParams(search));
  } catch (error) {
    problem(error);
  }
}

/** Leaves the console's pages for the login page; the logout there ends the API session of every tab. */
function logout() {
  stopPolling();
  caller = null;
  view.replaceChildren();
  location.replace('logout' + location.hash);
}

async function start() {
  if (!Api.token()) return logout();
  try {
    caller = await Api.get('/me');
  } catch (error) {
    return problem(error);
  }
  document.getElementById('caller').textContent = `${caller.name} (${caller.role})`;
  document.getElementById('nav-audit').hidden = !caller.canWrite;
  route();
}

document.getElementById('logout').addEventListener('click', event => {
  event.preventDefault();
  location.href = 'logout';
});
window.addEventListener('storage', event => {
  if (event.key === Api.TOKEN && !event.newValue) logout();
});
// A page the browser shows again from its memory (Back) after the session ended elsewhere shows nothing of it.
window.addEventListener('pageshow', event => {
  if (event.persisted && !Api.token()) logout();
});
window.addEventListener('hashchange', route);
start();
