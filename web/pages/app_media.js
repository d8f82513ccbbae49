// Media & documents: uploads with their rules shown before upload, a progress
// bar while the bytes go (POST /_plaza/apps/{id}/media/{kind}?filename=), the list, delete.
import { get, call, seg } from '../api.js';
import { h, form, inFlight, statusLine, nextId } from '../dom.js';

export const MEDIA_KINDS = [
  { kind: 'preview', label: 'Preview image', rule: 'PNG, JPG, JPEG or GIF of exactly 1200×780 pixels; up to 5 MB each, 6 in all.', accept: '.png,.jpg,.jpeg,.gif' },
  { kind: 'video', label: 'Video', rule: 'MP4, at most 10 MB; one (a new one replaces it).', accept: '.mp4' },
  { kind: 'architecture_diagram', label: 'Architecture diagram', rule: 'PNG or JPG under 5 MB; one.', accept: '.png,.jpg,.jpeg' },
  { kind: 'secure_development_document', label: 'SSDLC document', rule: 'PDF, PNG, JPG or TXT, at most 10 MB; one.', accept: '.pdf,.png,.jpg,.jpeg,.txt' },
  { kind: 'sast_dast_evidence', label: 'SAST/DAST evidence', rule: 'PDF, PNG, JPG or TXT, at most 10 MB; one.', accept: '.pdf,.png,.jpg,.jpeg,.txt' },
  { kind: 'document', label: 'Additional document', rule: 'PDF, PNG, JPG, TXT or MP4, at most 10 MB each; 10 in all.', accept: '.pdf,.png,.jpg,.jpeg,.txt,.mp4' },
];

const size = (n) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

function uploadForm(app, k, refresh) {
  const id = nextId('upload');
  const input = h('input', { type: 'file', id, accept: k.accept, 'data-field': 'file', 'data-also': 'filename size kind', 'aria-describedby': `${id}-rule ${id}-error` });
  const progress = h('progress', { hidden: true, 'aria-label': `${k.label} upload progress` });
  const f = form({
    label: `Upload ${k.label}`,
    submit: `Upload ${k.label.toLowerCase()}`,
    pending: 'Uploading…',
    done: 'Uploaded.',
    fields: [h('div', { class: 'field' }, h('label', { for: id, text: k.label }),
      h('p', { class: 'hint', id: `${id}-rule`, text: k.rule }), input,
      h('p', { class: 'error', id: `${id}-error`, hidden: true })), progress],
    onsubmit: async () => {
      const file = input.files[0];
      if (!file) throw Object.assign(new Error('Choose a file first.'), { errors: [{ field: 'file', message: 'Choose a file first.' }] });
      f.querySelector('.status').textContent = `Uploading ${file.name} (${size(file.size)})…`;
      progress.hidden = false;
      progress.removeAttribute('value'); // indeterminate while fetch sends the bytes
      try {
        await call('POST', `/_plaza/apps/${seg(app.id)}/media/${k.kind}?filename=${encodeURIComponent(file.name)}`, { raw: file });
        progress.value = 1;
        input.value = '';
        await refresh();
      } finally {
        progress.hidden = true;
      }
    },
  });
  return f;
}

function mediaItem(app, m, refresh) {
  const button = h('button', { type: 'button', class: 'danger', text: 'Delete', 'aria-label': `Delete ${m.filename || m.kind}` });
  const status = statusLine();
  button.addEventListener('click', () => inFlight({ button, status, pending: 'Deleting…', done: 'Deleted.' }, async () => {
    await call('DELETE', `/_plaza/apps/${seg(app.id)}/media/${seg(m.id)}`);
    await refresh();
  }));
  return h('li', {}, h('p', {}, h('strong', { text: m.kind }), ' ', m.filename || '', m.size ? ` (${size(m.size)})` : ''),
    h('div', { class: 'actions' }, button, status));
}

export const mediaSection = {
  id: 'media',
  title: 'Media & documents',
  async render(box, app) {
    const list = h('ul', { class: 'plain', 'aria-label': 'Uploaded media' });
    const refresh = async () => {
      const { media } = await get(`/_plaza/apps/${seg(app.id)}/media`);
      list.replaceChildren(...(media.length ? media.map((m) => mediaItem(app, m, refresh)) : [h('li', { text: 'Nothing uploaded yet.' })]));
    };
    await refresh();
    box.append(h('h3', { text: 'Uploaded' }), list);
    for (const k of MEDIA_KINDS) box.append(h('div', { class: 'card' }, uploadForm(app, k, refresh)));
  },
};
