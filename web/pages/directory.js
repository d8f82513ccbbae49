// The public directory: published apps as anyone browses them, signed in or
// not (GET /_plaza/directory?q=, GET /_plaza/directory/{id}); an entry's
// "Add" button is a plain link to its install_url (Zoom's authorize flow).
import { get, seg, ApiError } from '../api.js';
import { h, clear, statusLine } from '../dom.js';

const PAGE_SIZE = 20;
// The search as last made, so that coming back from an entry shows the same list.
const state = { q: '', tokens: [''], page: 0 };

function entryCard(a) {
  return h('li', { class: 'dir-entry' },
    h('h2', {}, h('a', { href: `#/directory/${seg(a.id)}`, text: a.name })),
    h('p', { text: a.short_description || 'No description.' }),
    h('p', { class: 'hint' }, [a.developer_name ? `By ${a.developer_name}` : null, a.category].filter(Boolean).join(' · ')));
}

async function directory(main) {
  main.append(h('h1', { text: 'Apps directory' }),
    h('p', { text: 'Published apps anyone can find and add to their account.' }));
  const search = h('input', { type: 'search', id: 'dir-q', name: 'q', maxlength: 100, value: state.q, 'aria-describedby': 'dir-q-hint' });
  const status = statusLine();
  const results = h('div', { class: 'dir-results' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of results' });
  const show = async () => {
    status.textContent = 'Loading…';
    const q = new URLSearchParams({ page_size: String(PAGE_SIZE) });
    if (state.q) q.set('q', state.q);
    if (state.tokens[state.page]) q.set('next_page_token', state.tokens[state.page]);
    let page;
    try {
      page = await get(`/_plaza/directory?${q}`);
    } catch (err) {
      status.textContent = `Not loaded: ${err.problem?.detail || err.message}`;
      return;
    }
    state.tokens[state.page + 1] = page.next_page_token || '';
    clear(results, page.apps.length
      ? h('ul', { class: 'plain dir-list', 'aria-label': 'Apps' }, page.apps.map(entryCard))
      : h('p', { text: state.q ? `No published app matches “${state.q}”.` : 'No app is published yet.' }));
    const prev = h('button', { type: 'button', class: 'secondary', text: 'Previous page', disabled: state.page === 0,
      onclick: () => { state.page -= 1; show(); } });
    const next = h('button', { type: 'button', class: 'secondary', text: 'Next page', disabled: !page.next_page_token,
      onclick: () => { state.page += 1; show(); } });
    clear(pager, h('div', { class: 'actions' }, prev, h('span', { text: `Page ${state.page + 1}` }), next));
    status.textContent = `${page.apps.length} app${page.apps.length === 1 ? '' : 's'} on page ${state.page + 1}${state.q ? ` for “${state.q}”` : ''}.`;
  };
  const f = h('form', { class: 'stack', role: 'search', 'aria-label': 'Search the directory' },
    h('div', { class: 'field' }, h('label', { for: 'dir-q', text: 'Search apps' }), search,
      h('p', { class: 'hint', id: 'dir-q-hint', text: 'Matches the name, descriptions, company and category.' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: 'Search' }), status));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.q = search.value.trim();
    state.tokens = [''];
    state.page = 0;
    show();
  });
  main.append(f, results, pager);
  await show();
}

function linkIf(url, text) {
  return url ? h('li', {}, h('a', { href: url, text, rel: 'noopener noreferrer' })) : null;
}

async function entry(main, params) {
  let d;
  try {
    d = await get(`/_plaza/directory/${seg(params.id)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      main.append(h('h1', { text: 'Not found' }), h('p', { text: 'No published app has this address.' }),
        h('p', {}, h('a', { href: '#/directory', text: 'Back to the directory' })));
      return;
    }
    throw err;
  }
  document.title = `${d.name} — plaza Marketplace`;
  main.append(h('p', {}, h('a', { href: '#/directory', text: '← Apps directory' })),
    h('h1', { text: d.name }),
    h('p', { class: 'meta' }, [d.developer_name ? `By ${d.developer_name}` : null, d.category, `version ${d.version}`].filter(Boolean).join(' · ')),
    h('p', {}, h('a', { class: 'button primary', href: d.install_url, text: 'Add', 'aria-label': `Add ${d.name}` })),
    h('section', { class: 'card', 'aria-labelledby': 'dir-about' }, h('h2', { id: 'dir-about', text: 'About' }),
      d.short_description ? h('p', { class: 'lead', text: d.short_description }) : null,
      d.long_description ? h('p', { class: 'prewrap', text: d.long_description }) : null),
    h('section', { class: 'card', 'aria-labelledby': 'dir-scopes' }, h('h2', { id: 'dir-scopes', text: 'What it may do' }),
      d.scopes.length ? h('ul', { class: 'plain' }, d.scopes.map((s) => h('li', {},
        h('p', {}, h('strong', { text: s.description || s.scope }), ' ', h('code', { text: s.scope })),
        s.purpose ? h('p', { class: 'hint', text: `Why: ${s.purpose}` }) : null)))
        : h('p', { text: 'It asks for no scopes.' })),
    d.media.length ? h('section', { class: 'card', 'aria-labelledby': 'dir-media' }, h('h2', { id: 'dir-media', text: 'Screenshots and video' }),
      h('ul', { class: 'dir-media' }, d.media.map((m, i) => {
        const src = `/_plaza/directory/${seg(d.id)}/media/${seg(m.id)}`;
        return h('li', {}, m.content_type.startsWith('image/')
          ? h('img', { src, alt: `${d.name}: preview ${i + 1}`, width: m.width || false, height: m.height || false, loading: 'lazy' })
          : h('a', { href: src, text: `Video (${m.content_type})` }));
      }))) : null,
    h('section', { class: 'card', 'aria-labelledby': 'dir-links' }, h('h2', { id: 'dir-links', text: 'Links' }),
      h('ul', {}, linkIf(d.support_url, 'Support'), linkIf(d.documentation_url, 'Documentation'),
        linkIf(d.privacy_policy_url, 'Privacy policy'), linkIf(d.terms_of_use_url, 'Terms of use'))));
}

export const routes = [
  { path: '/directory', title: 'Apps directory', role: 'public', render: directory },
  { path: '/directory/:id', title: 'App', role: 'public', render: entry },
];
