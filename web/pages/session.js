// Signing in and out: POST/DELETE /_plaza/session (the cookie session the
// OAuth sign-in page uses too).
import { call, ApiError } from '../api.js';
import { h, field, form, valueOf } from '../dom.js';

async function signin(main, _params, ctx) {
  if (ctx.session) { ctx.navigate('#/apps'); return; }
  main.append(h('h1', { text: 'Sign in' }),
    h('p', { text: 'Sign in with your plaza user to build and manage your account\'s apps.' }),
    form({
      label: 'Sign in',
      submit: 'Sign in',
      pending: 'Signing in…',
      done: 'Signed in.',
      fields: [
        field({ label: 'E-mail', name: 'email', type: 'email', required: true, autocomplete: 'username' }),
        field({ label: 'Password', name: 'password', type: 'password', required: true, autocomplete: 'current-password' }),
      ],
      onsubmit: async (f) => {
        const { data } = await call('POST', '/_plaza/session', { body: { email: valueOf(f, 'email') || '', password: f.querySelector('[name=password]').value } });
        ctx.setSession(data);
        const after = sessionStorage.getItem('plaza.after');
        sessionStorage.removeItem('plaza.after');
        ctx.navigate(after && after !== '#/signin' ? after : '#/apps');
      },
    }));
}

async function signout(main, _params, ctx) {
  main.append(h('h1', { text: 'Sign out' }));
  const status = h('p', { role: 'status', 'aria-live': 'polite', text: 'Signing out…' });
  main.append(status);
  try {
    await call('DELETE', '/_plaza/session');
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) { status.textContent = `Not signed out: ${err.problem?.title || err.message}`; return; }
  }
  ctx.setSession(null);
  status.textContent = 'Signed out.';
  main.append(h('p', {}, h('a', { href: '#/signin', text: 'Sign in again' })));
}

export const routes = [
  { path: '/signin', title: 'Sign in', role: 'public', render: signin },
  { path: '/signout', title: 'Sign out', role: 'public', render: signout },
];
