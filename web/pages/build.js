// An app's build flow: #/apps/{id}/{section}, a left nav of sections and
// one renderer per section. Sections live in their own modules and register
// here through SECTIONS (each: {id, title, show(app), render(box, app, ctx)}).
import { get, seg } from '../api.js';
import { h, clear } from '../dom.js';
import { typeName, statusName } from './apps.js';
import { credentialsSection, oauthSection } from './app_credentials.js';
import { listingSections } from './app_listing.js';
import { featuresSection } from './app_features.js';
import { scopesSection } from './app_scopes.js';
import { mediaSection } from './app_media.js';
import { submitSections } from './app_submit.js';

// Client secrets shown once (after create or regenerate), kept in memory only: "appId/env" -> secret.
export const secretsShownOnce = new Map();

const marketApp = (app) => app.type === 'oauth' || app.type === 'chatbot';

export const SECTIONS = [
  credentialsSection,
  { ...oauthSection, show: marketApp },
  ...listingSections,
  featuresSection,
  scopesSection,
  { ...mediaSection, show: marketApp },
  ...submitSections,
].map((s) => ({ show: () => true, ...s }));

async function buildFlow(main, params, ctx) {
  const app = await get(`/_plaza/apps/${seg(params.id)}`);
  const sections = SECTIONS.filter((s) => s.show(app));
  const current = sections.find((s) => s.id === params.section) || sections[0];
  const meta = (a) => [h('span', { text: typeName(a) }), ' · ', h('span', { class: `badge ${a.status}`, text: statusName(a.status) }),
    a.version ? ` · version ${a.version}` : ''];
  const metaLine = h('p', { class: 'meta' }, meta(app));
  main.append(h('h1', { text: app.name }), metaLine);
  const nav = h('nav', { class: 'sections', 'aria-label': 'App sections' }, h('ul', {}, sections.map((s) =>
    h('li', {}, h('a', { href: `#/apps/${seg(app.id)}/${s.id}`, text: s.title, 'aria-current': s === current ? 'page' : false }))),
    h('li', {}, h('a', { href: `#/apps/${seg(app.id)}/webhooks`, text: 'Webhook deliveries' }))));
  const box = h('section', { class: 'section', 'aria-labelledby': 'section-title' },
    h('h2', { id: 'section-title', text: current.title }));
  main.append(h('div', { class: 'build' }, nav, box));
  // Renders the section again from a fresh read; `message` (default "Saved.") says what just happened.
  const reload = async (message = 'Saved.') => {
    const fresh = await get(`/_plaza/apps/${seg(app.id)}`);
    clear(metaLine, meta(fresh));
    clear(box, h('h2', { id: 'section-title', text: current.title }),
      h('p', { class: 'status section-status', role: 'status', 'aria-live': 'polite', text: message }));
    await current.render(box, fresh, { ...ctx, reload });
  };
  await current.render(box, app, { ...ctx, reload });
}

export const routes = [
  { path: '/apps/:id', title: 'App', render: (m, p, c) => buildFlow(m, { ...p, section: '' }, c) },
  { path: '/apps/:id/:section', title: 'App', render: buildFlow },
];
