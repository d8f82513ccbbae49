// The app's listing sections, as forms over GET/PATCH /_plaza/apps/{id}/sections:
// Information (basic information and the listing), Technical design and
// security, and the test account reviewers use. Only changed fields are sent.
import { get, patch, seg } from '../api.js';
import { field, form } from '../dom.js';

const YES_NO = [['', 'Not answered'], ['true', 'Yes'], ['false', 'No']];

const INFORMATION = [
  { name: 'basic_information.install_method', label: 'Install method', type: 'select', options: [['marketplace', 'From the Marketplace'], ['landing_page', 'From your landing page']] },
  { name: 'basic_information.direct_landing_url', label: 'Direct landing URL', type: 'url', hint: 'Required for landing-page installs.' },
  { name: 'basic_information.whitelist_urls', label: 'Whitelist URLs (one a line)', type: 'textarea', rows: 2, list: true },
  { name: 'app_listing.company_name', label: 'Company name', maxlength: 100 },
  { name: 'app_listing.short_description', label: 'Short description', maxlength: 150, hint: 'One line, at most 150 characters.' },
  { name: 'app_listing.long_description', label: 'Long description', type: 'textarea', rows: 5, maxlength: 4000, hint: 'What the app does, at most 4000 characters.' },
  { name: 'app_listing.developer_contact_name', label: 'Developer contact name' },
  { name: 'app_listing.developer_contact_email', label: 'Developer contact e-mail', type: 'email' },
  { name: 'app_listing.privacy_policy_url', label: 'Privacy policy URL', type: 'url' },
  { name: 'app_listing.terms_of_use_url', label: 'Terms of use URL', type: 'url' },
  { name: 'app_listing.support_url', label: 'Support URL', type: 'url' },
  { name: 'app_listing.documentation_url', label: 'Documentation URL', type: 'url' },
  { name: 'app_listing.configure_url', label: 'Configure URL (optional)', type: 'url' },
];

const SECURITY = [
  { name: 'technical_design.technology_stack', label: 'Technology stack', type: 'textarea', rows: 3 },
  { name: 'technical_design.secure_development', label: 'Do you have a secure software development process (SSDLC)?', type: 'select', options: YES_NO, bool: true,
    hint: 'Yes needs the SSDLC document (Media & documents); no needs an answer saying what you do instead.' },
  { name: 'technical_design.secure_development_answer', label: 'Your SSDLC answer', type: 'textarea', rows: 3 },
  { name: 'technical_design.sast_dast', label: 'Does the application undergo SAST and/or DAST testing?', type: 'select', options: YES_NO, bool: true,
    hint: 'Yes needs the evidence document (Media & documents); no needs an answer.' },
  { name: 'technical_design.sast_dast_answer', label: 'Your SAST/DAST answer', type: 'textarea', rows: 3 },
];

const SUBMISSION = [
  { name: 'submission.test_account_email', label: 'Test account e-mail', type: 'email' },
  { name: 'submission.test_account_password', label: 'Test account password', type: 'text', maxlength: 128, hint: 'Made for reviewers: shown back to you and to them.' },
  { name: 'submission.test_account_url', label: 'Test account sign-in URL', type: 'url' },
  { name: 'submission.test_account_instructions', label: 'Instructions for reviewers', type: 'textarea', rows: 3 },
  { name: 'submission.terms_accepted', label: 'I accept the Marketplace developer terms', type: 'checkbox' },
];

const pick = (data, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), data);

function shown(spec, v) {
  if (spec.list) return (v || []).join('\n');
  if (spec.bool) return v === true ? 'true' : v === false ? 'false' : '';
  if (spec.type === 'checkbox') return !!v;
  return v ?? '';
}

function read(f, spec) {
  const el = f.querySelector(`[data-field="${CSS.escape(spec.name)}"]`);
  if (spec.type === 'checkbox') return el.checked;
  const t = el.value.trim();
  if (spec.list) return t.split('\n').map((x) => x.trim()).filter(Boolean);
  if (spec.bool) return t === '' ? null : t === 'true';
  return t === '' ? null : t;
}

// A form over some section fields; saves {section: {field: value}} for what changed.
export async function sectionsForm(box, app, { label, specs }) {
  const data = await get(`/_plaza/apps/${seg(app.id)}/sections`);
  let before = Object.fromEntries(specs.map((s) => [s.name, JSON.stringify(shown(s, pick(data, s.name)))]));
  box.append(form({
    label,
    fields: specs.map((s) => field({ ...s, value: shown(s, pick(data, s.name)) })),
    onsubmit: async (f) => {
      const body = {};
      for (const s of specs) {
        const v = read(f, s);
        if (JSON.stringify(shown(s, v)) === before[s.name]) continue;
        const [section, key] = s.name.split('.');
        (body[section] ||= {})[key] = v;
      }
      if (!Object.keys(body).length) return;
      await patch(`/_plaza/apps/${seg(app.id)}/sections`, body);
      before = Object.fromEntries(specs.map((s) => [s.name, JSON.stringify(shown(s, read(f, s)))]));
    },
  }));
}

const marketApp = (app) => app.type === 'oauth' || app.type === 'chatbot';

export const listingSections = [
  { id: 'information', title: 'Information', show: marketApp,
    render: (box, app) => sectionsForm(box, app, { label: 'Information', specs: INFORMATION }) },
  { id: 'security', title: 'Technical design & security', show: marketApp,
    render: (box, app) => sectionsForm(box, app, { label: 'Technical design and security', specs: SECURITY }) },
  { id: 'reviewers', title: 'Test account & terms', show: marketApp,
    render: (box, app) => sectionsForm(box, app, { label: 'Test account and terms', specs: SUBMISSION }) },
];

