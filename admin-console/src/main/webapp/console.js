'use strict';
/*
 * The console's shell, served only to a logged-in browser (login.html logs in) and loaded after every view file: it
 * routes #/<page>/... to the page registered in `pages` (common.js), and keeps who is logged in (`caller`, common.js). Every view reads from
 * the API; admin-only forms are hidden from viewers (the API refuses viewers' changes anyway).
 */
let routing = Promise.resolve();

/**
 * Shows the page of the location's route, once the page shown before is rendered: two renders at once (a link
 * followed while the first page still loads) would leave whichever answered last.
 */
function route() {
  routing = routing.then(showRoute, showRoute);
  return routing;
}

async function showRoute() {
  stopPolling();
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

function logout() {
  stopPolling();
  Api.forget();
  location.href = 'logout';
}

/**
 * The user this tab logged in as. A tab opened apart from the login page has no credentials for the API (they are
 * kept per tab): it logs in again, leaving the other tabs' session alone.
 */
async function start() {
  if (!Api.credentials()) {
    location.href = 'login.html';
    return;
  }
  try {
    caller = await Api.get('/me');
  } catch (error) {
    return problem(error);
  }
  document.getElementById('caller').textContent = `${caller.name} (${caller.role})`;
  route();
}

document.getElementById('logout').addEventListener('click', event => {
  event.preventDefault();
  logout();
});
window.addEventListener('hashchange', route);
start();
