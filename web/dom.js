// DOM and form helpers for the portal's pages. Everything is built with
// createElement/textContent: no HTML strings, so no data is ever parsed as markup.

// h('p', {class: 'hint', text: 'Hi'}, child, 'text', ...): an element.
// Props: class, text, on<Event> (a function), anything else as an attribute
// (false/null/undefined leave it out, true sets it empty).
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'value' && 'value' in el) el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) { el.replaceChildren(); append(el, children); return el; }

let uid = 0;
export const nextId = (prefix = 'f') => `${prefix}-${++uid}`;

// A labelled control with its hint and error line:
// field({label, name: 'app_listing.company_name', type, value, hint, options, rows, required, maxlength})
// `name` is the problem+json field path the server names in errors[].field.
export function field(o) {
  const id = o.id || nextId('field');
  const hintId = o.hint ? `${id}-hint` : null;
  const errId = `${id}-error`;
  const described = [hintId, errId].filter(Boolean).join(' ');
  const common = { id, name: o.name, 'data-field': o.name, 'aria-describedby': described,
                   required: !!o.required, maxlength: o.maxlength, autocomplete: o.autocomplete || false };
  let control;
  if (o.type === 'textarea') {
    control = h('textarea', { ...common, rows: o.rows || 4 });
    control.value = o.value ?? '';
  } else if (o.type === 'select') {
    control = h('select', common, (o.options || []).map(([v, t]) => h('option', { value: v, text: t })));
    control.value = o.value ?? (o.options?.[0]?.[0] ?? '');
  } else if (o.type === 'checkbox') {
    control = h('input', { ...common, type: 'checkbox', checked: !!o.value });
  } else {
    control = h('input', { ...common, type: o.type || 'text', value: o.value ?? '' });
  }
  const label = h('label', { for: id, text: o.label });
  const parts = o.type === 'checkbox'
    ? [h('div', { class: 'check' }, control, label)]
    : [label, control];
  return h('div', { class: 'field' }, parts,
    o.hint ? h('p', { class: 'hint', id: hintId, text: o.hint }) : null,
    h('p', { class: 'error', id: errId, hidden: true }));
}

// The value of a field() control: text, the boolean of a checkbox, or null
// for an empty text (the server takes null as "remove").
export function valueOf(form, name) {
  const el = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
  if (!el) return undefined;
  if (el.type === 'checkbox') return el.checked;
  const v = el.value.trim();
  return v === '' ? null : v;
}

export const CONFLICT_MESSAGE = 'This app was changed elsewhere (another tab?). Reload to see the latest version; your edits are kept below.';

// Shows an ApiError on a form: each errors[] entry next to the control whose
// data-field names it (or its nearest parent path: "scopes[2]" -> "scopes"),
// or that lists it in data-also (space-separated), the rest in the form's summary (role=alert). Focuses the first bad control.
export function showErrors(form, err) {
  clearErrors(form);
  const summary = summaryOf(form);
  const loose = [];
  let first = null;
  for (const e of err.errors || []) {
    const el = controlFor(form, String(e.field || ''));
    if (!el) { loose.push(e.field ? `${e.field}: ${e.message}` : e.message); continue; }
    const line = document.getElementById(`${el.id}-error`);
    if (line) { line.textContent = line.textContent ? `${line.textContent} ${e.message}` : e.message; line.hidden = false; }
    el.setAttribute('aria-invalid', 'true');
    first = first || el;
  }
  const headline = err.conflict ? CONFLICT_MESSAGE : (err.problem?.title || err.message);
  clear(summary, h('p', { text: headline }),
    err.problem?.detail && err.problem.detail !== headline && !err.conflict ? h('p', { text: err.problem.detail }) : null,
    loose.length ? h('ul', {}, loose.map((t) => h('li', { text: t }))) : null,
    err.conflict ? h('button', { type: 'button', class: 'secondary', text: 'Reload', onclick: () => location.reload() }) : null);
  summary.hidden = false;
  (first || summary).focus();
}

function controlFor(form, path) {
  for (let p = path; p; p = p.replace(/(\[[^\]]*\]|\.[^.[]*)$/, '')) {
    const el = form.querySelector(`[data-field="${CSS.escape(p)}"]`) || form.querySelector(`[data-also~="${CSS.escape(p)}"]`);
    if (el) return el;
    if (!/[.[]/.test(p)) break;
  }
  return null;
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.error')) { el.textContent = ''; el.hidden = true; }
  const s = summaryOf(form);
  s.hidden = true;
  s.replaceChildren();
}

function summaryOf(form) {
  let s = form.querySelector(':scope > .form-error');
  if (!s) {
    s = h('div', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true });
    form.prepend(s);
  }
  return s;
}

// A status line that screen readers announce (aria-live).
export const statusLine = () => h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });

// Runs `work` with `button` disabled and `status` saying `pending`; a second
// click while it runs does nothing. Errors are shown on `form` (when given)
// and returned; the status says `done` (a string or a function of the result).
export async function inFlight({ button, status, form, pending = 'Saving…', done = 'Saved.' }, work) {
  if (button?.disabled) return undefined;
  if (button) { button.disabled = true; button.setAttribute('aria-busy', 'true'); }
  if (status) status.textContent = pending;
  if (form) clearErrors(form);
  try {
    const result = await work();
    if (status) status.textContent = typeof done === 'function' ? done(result) : done;
    return result;
  } catch (err) {
    if (status) status.textContent = err.conflict ? 'Not saved: changed elsewhere.' : 'Not saved: see the errors.';
    if (form) showErrors(form, err);
    else if (status) status.textContent = `${err.problem?.title || err.message}`;
    return undefined;
  } finally {
    if (button) { button.disabled = false; button.removeAttribute('aria-busy'); }
  }
}

// A form with fields, a submit button and a status line; `onsubmit(form)` does the work.
export function form({ label, fields = [], submit = 'Save', pending, done, onsubmit, extra = [] }) {
  const button = h('button', { type: 'submit', class: 'primary', text: submit });
  const status = statusLine();
  const f = h('form', { class: 'stack', 'aria-label': label, novalidate: true }, fields, extra, h('div', { class: 'actions' }, button, status));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    inFlight({ button, status, form: f, pending, done }, () => onsubmit(f));
  });
  return f;
}

// "2026-11-24T13:24:19Z" -> "2026-11-24 13:24 UTC".
export const when = (t) => (t ? String(t).replace('T', ' ').replace(/:\d\dZ$/, ' UTC') : '—');
