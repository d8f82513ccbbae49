// plaza's web portal: the entry module. Plain ES modules, no framework, no
// bundler; served from the binary at /marketplace/assets/ (web/ embedded at
// build time by tools/genassets.c) under a strict CSP: no inline script or
// style, no innerHTML — pages build the DOM with dom.js's h().
//
// Modules
//   api.js    the control API client: call(method, path, {body|raw}), get/post/patch/put/del,
//             ApiError (status, problem, errors[], conflict for 412), If-Match from app ETags
//   dom.js    h(), field(), form(), inFlight() (disabled button + aria-live status), showErrors()
//   app.js    this file: the session, the header and navigation, the hash router
//   pages/*.js one module per area; each exports `routes`
//
// How to add a page
//   1. In web/pages/NAME.js:
//        import { h } from '../dom.js';
//        export const routes = [
//          { path: '/things/:id', title: 'A thing', role: 'reviewer', render: async (main, params, ctx) => { ... } },
//        ];
//      `path` is matched against location.hash without '#': literal segments and
//      ':name' captures (decoded, in `params`). `render` fills `main` (already
//      emptied; give it one h1) and may be async; `ctx` is {session, navigate(hash), refreshSession()}.
//      `role` (optional) limits the page: 'signedin' (default), 'public', 'reviewer',
//      'admin' (account owner or admin), 'operator'.
//   2. Import it below and add it to PAGE_MODULES; add a NAV entry if it belongs in the header.
//   The make rule picks up every file under web/ by itself.

import { get, setCsrfToken, ApiError } from './api.js';
import { h, clear } from './dom.js';
import * as sessionPages from './pages/session.js';
import * as appsPages from './pages/apps.js';
import * as buildPages from './pages/build.js';
import * as reviewPages from './pages/review.js';
import * as operatorPages from './pages/operator.js';
import * as adminPages from './pages/admin.js';
import * as webhooksPages from './pages/webhooks.js';
import * as directoryPages from './pages/directory.js';
import * as mailboxPages from './pages/mailbox.js';

// webhooksPages before buildPages: '/apps/:id/webhooks' must win over '/apps/:id/:section'.
const PAGE_MODULES = [sessionPages, appsPages, webhooksPages, buildPages, reviewPages, operatorPages, adminPages,
  directoryPages, mailboxPages];

// The header's navigation: shown when `show(session)` says so.
// `public: true` entries are shown to signed-out visitors too.
const NAV = [
  { href: '#/directory', text: 'Apps directory', show: () => true, public: true },
  { href: '#/apps', text: 'Manage', show: () => true },
  { href: '#/apps/new', text: 'Build app', show: () => true },
  { href: '#/review', text: 'Reviewer', show: (s) => !!(s.roles?.reviewer || s.roles?.operator) },
  { href: '#/admin', text: 'Admin', show: (s) => ['owner', 'admin'].includes(s.user?.role) },
  { href: '#/operator', text: 'Operator', show: (s) => !!s.roles?.operator },
  { href: '#/mailbox', text: 'Mail', show: () => true },
];

const routes = PAGE_MODULES.flatMap((m) => m.routes || []);
let session = null; // the body of GET /_plaza/session, or null when signed out

function allowed(route, s) {
  switch (route.role || 'signedin') {
  case 'public': return true;
  case 'signedin': return !!s;
  case 'reviewer': return !!(s?.roles?.reviewer || s?.roles?.operator); // the operator may do what a reviewer does
  case 'admin': return ['owner', 'admin'].includes(s?.user?.role);
  case 'operator': return !!s?.roles?.operator;
  default: return false;
  }
}

function match(path) {
  const parts = path.split('/').filter(Boolean);
  for (const route of routes) {
    const want = route.path.split('/').filter(Boolean);
    if (want.length !== parts.length) continue;
    const params = {};
    const ok = want.every((w, i) => {
      if (w.startsWith(':')) { params[w.slice(1)] = decodeURIComponent(parts[i]); return true; }
      return w === parts[i];
    });
    if (ok) return { route, params };
  }
  return null;
}

export async function refreshSession() {
  try {
    session = await get('/_plaza/session');
    setCsrfToken(session.csrf_token);
  } catch (err) {
    if (!(err instanceof ApiError) || (err.status !== 401 && err.status !== 404)) throw err;
    session = null;
    setCsrfToken('');
  }
  renderHeader();
  return session;
}

export function setSession(s) {
  session = s;
  setCsrfToken(s ? s.csrf_token : '');
  renderHeader();
}

function renderHeader() {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  const here = location.hash || '#/apps';
  const shown = session ? NAV.filter((n) => n.show(session)) : NAV.filter((n) => n.public);
  clear(nav, h('ul', {}, shown.map((n) =>
    h('li', {}, h('a', { href: n.href, text: n.text, 'aria-current': here === n.href ? 'page' : false })))));
  if (!session) { clear(who, h('a', { href: '#/signin', text: 'Sign in' })); return; }
  clear(who,
    h('span', { class: 'email', text: session.user.email }),
    h('span', { class: 'role', text: session.user.role }),
    h('a', { href: '#/signout', class: 'signout', text: 'Sign out' }));
}

const navigate = (hash) => { if (location.hash === hash) route(); else location.hash = hash; };

async function route() {
  const main = document.getElementById('main');
  const path = (location.hash || '#/apps').slice(1) || '/apps';
  const found = match(path);
  renderHeader();
  if (!found) {
    clear(main, h('h1', { text: 'Not found' }), h('p', {}, 'No page at ', h('code', { text: path }), '. ', h('a', { href: '#/apps', text: 'Your apps' })));
    return;
  }
  if (!allowed(found.route, session)) {
    if (!session) { sessionStorage.setItem('plaza.after', location.hash); navigate('#/signin'); return; }
    clear(main, h('h1', { text: 'Not allowed' }), h('p', { text: 'Your account does not have the role this page needs.' }));
    return;
  }
  document.title = `${found.route.title || 'plaza'} — plaza Marketplace`;
  clear(main);
  try {
    await found.route.render(main, found.params, { session, navigate, refreshSession, setSession });
  } catch (err) {
    clear(main, h('h1', { text: found.route.title || 'Error' }),
      h('div', { class: 'form-error', role: 'alert' }, h('p', { text: err.problem?.title || err.message }),
        err.problem?.detail ? h('p', { text: err.problem.detail }) : null));
  }
  if (document.activeElement === document.body || !main.contains(document.activeElement)) {
    const h1 = main.querySelector('h1');
    if (h1) { h1.tabIndex = -1; h1.focus({ preventScroll: false }); }
  }
}

async function start() {
  window.addEventListener('hashchange', route);
  try { await refreshSession(); } catch { session = null; }
  await route();
}

start();
