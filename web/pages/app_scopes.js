// Scopes: picked from the catalogue (GET /_plaza/scopes) with its descriptions,
// a justification each (what the review reads), broad scopes flagged; the
// Production tab copies the Development tab's (PATCH …/environments/production).
import { get, patch, seg } from '../api.js';
import { h, field, form, inFlight, statusLine } from '../dom.js';

// Broad: an :admin write/update/delete scope, or chat history (docs/marketplace.md, security_review).
export const isBroad = (s) => (/:admin$/.test(s) && /:(write|update|delete)/.test(s)) || /^chat_message:read/.test(s);

function scopeRow(entry, chosen, admin) {
  const id = `scope-${entry.scope.replace(/[^a-z0-9]/gi, '-')}`;
  const has = chosen.get(entry.scope);
  const disabled = entry.level === 'admin' && !admin;
  return h('li', { class: 'scope-pick' },
    h('input', { type: 'checkbox', id, value: entry.scope, checked: has !== undefined, disabled, 'data-field': `scope:${entry.scope}`, 'aria-describedby': `${id}-d` }),
    h('label', { for: id }, h('code', { text: entry.scope }), isBroad(entry.scope) ? h('span', { class: 'flag', text: ' broad: security review' }) : null),
    h('p', { class: 'hint', id: `${id}-d`, text: `${entry.description}${disabled ? ' (admin-managed apps only)' : ''}` }),
    field({ label: `Why ${entry.scope} is needed`, name: `why:${entry.scope}`, type: 'textarea', rows: 2, value: has || '' }));
}

export const scopesSection = {
  id: 'scopes',
  title: 'Scopes',
  async render(box, app, ctx) {
    const chosen = new Map((app.scopes || []).map((s) => [s.scope, s.description || '']));
    const admin = app.management === 'admin';
    const list = h('ul', { class: 'plain', 'aria-label': 'Scopes' });
    const search = h('input', { type: 'search', id: 'scope-search', 'aria-describedby': 'scope-search-hint' });
    const status = statusLine();
    const find = h('button', { type: 'button', class: 'secondary', text: 'Search' });
    const show = async () => {
      const q = search.value.trim();
      const { scopes } = await get(`/_plaza/scopes?page_size=${q ? 50 : 20}${q ? `&search=${encodeURIComponent(q)}` : ''}`);
      const names = new Set(scopes.map((s) => s.scope));
      const picked = [...chosen.keys()].filter((s) => !names.has(s)).map((s) => ({ scope: s, description: 'Chosen earlier.' }));
      list.replaceChildren(...[...picked, ...scopes].map((s) => scopeRow(s, chosen, admin)));
      return scopes.length;
    };
    find.addEventListener('click', () => inFlight({ button: find, status, pending: 'Searching…', done: (n) => `${n} scopes found.` }, show));
    await show();
    box.append(h('p', { class: 'hint', text: 'Pick what the app needs and say why: every scope needs a description of at least 10 characters for the review.' }),
      h('div', { class: 'field' }, h('label', { for: 'scope-search', text: 'Find scopes' }), h('div', { class: 'actions' }, search, find, status),
        h('p', { class: 'hint', id: 'scope-search-hint', text: 'Words of the name or description, e.g. "meeting read".' })),
      form({
        label: 'Development scopes',
        submit: 'Save scopes',
        fields: [list],
        onsubmit: async (f) => {
          for (const cb of f.querySelectorAll('input[type=checkbox][data-field^="scope:"]')) {
            const why = f.querySelector(`[data-field="why:${CSS.escape(cb.value)}"]`)?.value.trim() || '';
            if (cb.checked) chosen.set(cb.value, why); else chosen.delete(cb.value);
          }
          const scopes = [...chosen].map(([scope, description]) => (description ? { scope, description } : scope));
          await patch(`/_plaza/apps/${seg(app.id)}`, { scopes });
        },
      }));
    if (app.credentials?.production) {
      const button = h('button', { type: 'button', class: 'secondary', text: 'Copy Development scopes to Production' });
      const st = statusLine();
      button.addEventListener('click', () => inFlight({ button, status: st, pending: 'Copying…', done: 'The Production tab has the same scopes now.' },
        () => patch(`/_plaza/apps/${seg(app.id)}/environments/production`, { from_development: true })));
      box.append(h('h3', { text: 'Production tab' }), h('p', { class: 'hint', text: 'The Production tab is what the checklist and the review judge.' }),
        h('div', { class: 'actions' }, button, st));
    }
    void ctx;
  },
};
