// Features: the deauthorization endpoint, the chatbot's endpoint and commands,
// the Meeting SDK (both tabs), and event subscriptions with their validation.
import { get, call, patch, post, seg } from '../api.js';
import { h, field, form, inFlight, statusLine, valueOf, when } from '../dom.js';
import { sectionsForm } from './app_listing.js';

const FEATURES = [
  { name: 'features.deauthorization_url', label: 'Deauthorization notification endpoint URL', type: 'url',
    hint: 'Where app_deauthorized goes when a user removes the app (https, or http on localhost).' },
  { name: 'features.meeting_sdk', label: 'Meeting SDK (Development tab)', type: 'checkbox' },
];
const CHATBOT = [
  { name: 'features.bot_endpoint_url', label: 'Bot endpoint URL', type: 'url', hint: 'Where bot_notification goes when a user writes to the bot.' },
];

function commandsForm(app, data) {
  const text = (data.features?.chat_commands || []).map((c) => `${c.command} ${c.description || ''}`.trim()).join('\n');
  return form({
    label: 'Chatbot commands',
    submit: 'Save commands',
    fields: [field({ label: 'Slash commands (one a line: /name description)', name: 'features.chat_commands', type: 'textarea', rows: 3, value: text })],
    onsubmit: async (f) => {
      const cmds = f.querySelector('textarea').value.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
        const [command, ...rest] = l.split(/\s+/);
        return { command, description: rest.join(' ') };
      });
      await patch(`/_plaza/apps/${seg(app.id)}/sections`, { features: { chat_commands: cmds } });
    },
  });
}

function productionSdk(app, tab) {
  return form({
    label: 'Production tab features',
    submit: 'Save production features',
    fields: [field({ label: 'Meeting SDK (Production tab)', name: 'features.meeting_sdk', type: 'checkbox', value: tab.features?.meeting_sdk })],
    onsubmit: (f) => patch(`/_plaza/apps/${seg(app.id)}/environments/production`, { features: { meeting_sdk: valueOf(f, 'features.meeting_sdk') } }),
  });
}

function subscriptionItem(app, s, refresh) {
  const status = statusLine();
  const item = h('li', {},
    h('p', {}, h('strong', { text: s.name || s.kind }), ' ', h('span', { class: `badge ${s.state}`, text: s.state })),
    h('p', {}, h('code', { text: s.url })),
    h('p', { class: 'hint', text: `${s.env || ''} · ${(s.events || []).join(', ')} · validated ${when(s.validated_at)}` }));
  if (s.kind === 'event_subscription') {
    const button = h('button', { type: 'button', class: 'secondary', text: 'Validate', 'aria-label': `Validate ${s.name || 'subscription'}` });
    button.addEventListener('click', () => inFlight({ button, status, pending: 'Validating the endpoint…', done: 'Validation sent; the state updates below.' }, async () => {
      await call('POST', `/_plaza/apps/${seg(app.id)}/event_subscriptions/${seg(s.id)}/validate`);
      await new Promise((r) => setTimeout(r, 1500));
      await refresh();
    }));
    item.append(h('div', { class: 'actions' }, button, status));
  }
  return item;
}

async function subscriptions(box, app) {
  const list = h('ul', { class: 'plain', 'aria-label': 'Event subscriptions' });
  const refresh = async () => {
    const { event_subscriptions: subs } = await get(`/_plaza/apps/${seg(app.id)}/event_subscriptions`);
    list.replaceChildren(...(subs.length ? subs.map((s) => subscriptionItem(app, s, refresh)) : [h('li', { text: 'No event subscriptions yet.' })]));
  };
  await refresh();
  box.append(h('h3', { text: 'Event subscriptions' }), list, form({
    label: 'New event subscription',
    submit: 'Add subscription',
    pending: 'Adding and validating the endpoint…',
    done: 'Added: see its state above.',
    fields: [
      field({ label: 'Subscription name', name: 'name', maxlength: 64 }),
      field({ label: 'Event notification endpoint URL', name: 'url', type: 'url' }),
      field({ label: 'Events (comma-separated, e.g. meeting.started, meeting.ended)', name: 'events' }),
    ],
    onsubmit: async (f) => {
      const body = { url: valueOf(f, 'url') || '', events: (valueOf(f, 'events') || '').split(',').map((e) => e.trim()).filter(Boolean) };
      if (valueOf(f, 'name')) body.name = valueOf(f, 'name');
      await post(`/_plaza/apps/${seg(app.id)}/event_subscriptions`, body);
      await refresh();
    },
  }));
}

export const featuresSection = {
  id: 'features',
  title: 'Features',
  async render(box, app) {
    const market = app.type === 'oauth' || app.type === 'chatbot';
    if (market || app.type === 'chatbot') {
      await sectionsForm(box, app, { label: 'Features', specs: app.type === 'chatbot' ? [...FEATURES, ...CHATBOT] : FEATURES });
    }
    if (app.type === 'chatbot') box.append(commandsForm(app, await get(`/_plaza/apps/${seg(app.id)}/sections`)));
    if (market && app.credentials?.production) box.append(productionSdk(app, await get(`/_plaza/apps/${seg(app.id)}/environments/production`)));
    await subscriptions(box, app);
  },
};
