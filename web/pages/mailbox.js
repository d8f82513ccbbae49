// The signed-in user's own Marketplace notices: GET /_plaza/mailbox (newest
// first, paged) and one notice's full text, GET /_plaza/mailbox/{id}.
import { get, seg, ApiError } from '../api.js';
import { h, statusLine, when } from '../dom.js';

const KINDS = { submission_received: 'Submission received', app_approved: 'Approved', app_rejected: 'Rejected',
  sharing_approved: 'Sharing approved', sharing_denied: 'Sharing denied', app_removed: 'App removed' };

async function mailbox(main) {
  main.append(h('h1', { text: 'Mail' }),
    h('p', { text: 'The Marketplace\'s notices to you: submissions, reviews, sharing and removed apps.' }));
  const list = h('ul', { class: 'plain mail-list', 'aria-label': 'Notices' });
  const status = statusLine();
  const more = h('button', { type: 'button', class: 'secondary', text: 'Older notices', hidden: true });
  let token = '';
  const load = async () => {
    status.textContent = 'Loading…';
    const q = new URLSearchParams({ page_size: '30' });
    if (token) q.set('next_page_token', token);
    const page = await get(`/_plaza/mailbox?${q}`);
    for (const m of page.mail) {
      list.append(h('li', {},
        h('p', {}, h('a', { href: `#/mailbox/${seg(m.id)}`, text: m.subject })),
        h('p', { class: 'hint' }, `${KINDS[m.kind] || m.kind} · ${when(m.created_at)}`)));
    }
    token = page.next_page_token || '';
    more.hidden = !token;
    const n = list.children.length;
    status.textContent = n ? `${n} notice${n === 1 ? '' : 's'}.` : 'No mail yet.';
  };
  more.addEventListener('click', () => load().catch((err) => { status.textContent = err.problem?.title || err.message; }));
  main.append(list, h('div', { class: 'actions' }, more, status));
  await load();
}

async function mail(main, params) {
  let m;
  try {
    m = await get(`/_plaza/mailbox/${seg(params.id)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      main.append(h('h1', { text: 'Not found' }), h('p', {}, 'No such notice. ', h('a', { href: '#/mailbox', text: 'Your mail' })));
      return;
    }
    throw err;
  }
  main.append(h('p', {}, h('a', { href: '#/mailbox', text: '← Mail' })),
    h('h1', { text: m.subject }),
    h('dl', {},
      h('dt', { text: 'To' }), h('dd', { text: m.to_email }),
      h('dt', { text: 'Kind' }), h('dd', { text: KINDS[m.kind] || m.kind }),
      h('dt', { text: 'Received' }), h('dd', { text: when(m.created_at) }),
      h('dt', { text: 'E-mail' }), h('dd', { text: m.smtp_status === 'sent' ? `sent ${when(m.sent_at)}`
        : m.smtp_status === 'not_sent' ? 'not sent (plaza runs without --smtp)' : `${m.smtp_status}${m.smtp_error ? `: ${m.smtp_error}` : ''}` })),
    h('pre', { class: 'mail-body', tabindex: '0', 'aria-label': 'Message', text: m.body }));
}

export const routes = [
  { path: '/mailbox', title: 'Mail', render: mailbox },
  { path: '/mailbox/:id', title: 'Mail', render: mail },
];
