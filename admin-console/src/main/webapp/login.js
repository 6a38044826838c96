'use strict';
/*
 * The login page, the one page of the console open to everybody. The password goes to the API once, which answers a
 * session token (api.js keeps it for every tab); the form then posts only the token to the console's server, which
 * checks it with the API and logs the browser in for the console's pages, and sends it on to the page first asked
 * for (the fragment, e.g. #/topics/orders, which redirects here keep). A tab that lands here while another tab is
 * logged in (its token still open) goes straight on; a login in another tab takes this one along too. Arriving from
 * the logout (?logout), the session ends for every tab.
 */
const form = document.getElementById('login');
const query = new URLSearchParams(location.search);
const messages = {
  failed: 'Wrong user name or password.',
  unavailable: 'The node cannot check logins right now; try again.',
};

function say(text) {
  const box = document.getElementById('problem');
  box.textContent = text;
  box.hidden = !text;
}

/** Logs the console's pages in with the token, going on to the page asked for. */
function enter(token) {
  document.getElementById('login-token').value = token;
  document.getElementById('login-next').value = location.hash;
  form.submit();
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  const button = document.getElementById('login-submit');
  button.disabled = true;
  try {
    const session = await Api.logIn(document.getElementById('login-user').value,
        document.getElementById('login-password').value);
    enter(session.token);
  } catch (error) {
    say(error.problem && error.problem.status === 401 ? messages.failed : error.message);
    button.disabled = false;
  }
});

window.addEventListener('storage', event => {
  if (event.key === Api.TOKEN && event.newValue) enter(event.newValue);
});

const reason = Object.keys(messages).find(key => query.has(key));
if (reason) say(messages[reason]);
if (query.has('logout') || query.has('failed')) {
  Api.logOut();
} else if (!reason && Api.token()) {
  Api.get('/me').then(() => enter(Api.token()), () => Api.forget());
}
