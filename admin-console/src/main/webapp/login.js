'use strict';
/*
 * The login page, the one page of the console open to everybody. The form posts to the server, which logs the
 * browser in for the console's pages; the console's calls to the API carry the same credentials, kept in this
 * tab's sessionStorage from the moment the form is sent.
 */
Api.forget();
const messages = {
  failed: 'Wrong user name or password.',
  unavailable: 'The node cannot check logins right now; try again.',
};
const reason = Object.keys(messages).find(key => new URLSearchParams(location.search).has(key));
if (reason) {
  const box = document.getElementById('problem');
  box.textContent = messages[reason];
  box.hidden = false;
}
document.getElementById('login').addEventListener('submit', () => {
  Api.remember(document.getElementById('login-user').value, document.getElementById('login-password').value);
});
