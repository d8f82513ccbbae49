// Zoom's Meeting API description (spec/zoom-meeting-api.2023-10.json) as a
// response checker: given the method, the path template and the status of a
// /v2 call, finds the operation's response schema and validates the body with
// Ajv. Additional properties are allowed (JSON Schema's default), `required`
// lists are honoured and OpenAPI's `nullable` is understood (Ajv knows it).
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { request } from './plaza.mjs';

const SPEC_PATH = new URL('../../../spec/zoom-meeting-api.2023-10.json', import.meta.url);
export const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));

// Where the spec is known to be wrong about what Zoom sends, per zoom-wire.md;
// each entry names the operation, the status and the JSON pointer it relaxes.
const ERRATA = [
  // §2.10: recording meetings' `type` is an integer in real responses (the
  // spec types it as the string enum "1".."99")
  { op: 'recordingsList', status: '200', pointer: '/properties/meetings/items/properties/type',
    schema: { type: 'integer', enum: [1, 2, 3, 4, 5, 6, 7, 8, 9, 99] } },
  { op: 'recordingGet', status: '200', pointer: '/properties/type',
    schema: { type: 'integer', enum: [1, 2, 3, 4, 5, 6, 7, 8, 9, 99] } },
];

// recurrence.weekly_days is typed with the enum of one day, "1".."7", but its
// description (and Zoom) take a comma-separated list of days: "1,3".
const WEEKLY_DAYS = { type: 'string', pattern: '^[1-7](,[1-7])*$' };

// Zoom's formats, checked loosely: its responses use "" for unset values.
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('date-time', /^$|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/);
ajv.addFormat('date', /^$|^\d{4}-\d{2}-\d{2}$/);
ajv.addFormat('email', /^$|^[^\s@]+@[^\s@]+$/);
ajv.addFormat('int64', { type: 'number', validate: (n) => Number.isInteger(n) });
ajv.addFormat('string', true);

const byKey = new Map(); // "GET /users/{userId}" -> operation
for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(item)) {
    if (op && typeof op === 'object' && op.responses) byKey.set(`${method.toUpperCase()} /v2${path}`, op);
  }
}

export function operation(method, template) {
  const op = byKey.get(`${method.toUpperCase()} ${template}`);
  assert.ok(op, `the spec has no operation ${method} ${template}`);
  return op;
}

// Zoom writes `oneOf` between object alternatives that all allow additional
// properties (userSettings: the settings groups, the authentication options,
// the security group), so a body matches several and JSON Schema's oneOf
// fails, while anyOf would let an unrelated alternative excuse a broken group.
// What Zoom means: the alternative(s) declaring most of the body's keys must
// hold. Bodies naming no declared key fall back to anyOf.
ajv.addKeyword({
  keyword: 'zoomOneOf',
  errors: true,
  compile(alternatives) {
    const validators = alternatives.map((a) => ajv.compile(a));
    // an alternative declares its properties and those of its own alternatives
    const keysOf = (a) => [...Object.keys(a?.properties ?? {}), ...(a?.zoomOneOf ?? a?.anyOf ?? []).flatMap(keysOf)];
    const declared = alternatives.map((a) => new Set(keysOf(a)));
    const check = function (data) {
      let pick = validators.map((_, i) => i);
      if (data && typeof data === 'object' && !Array.isArray(data)) {
        const score = declared.map((d) => Object.keys(data).filter((k) => d.has(k)).length);
        const best = Math.max(...score);
        if (best > 0) pick = pick.filter((i) => score[i] === best);
      }
      if (pick.some((i) => validators[i](data))) return true;
      check.errors = validators[pick[0]].errors;
      return false;
    };
    return check;
  },
});

// The schema tree made fit for validation: oneOf becomes zoomOneOf (above),
// examples and x- keys are dropped, and weekly_days takes its documented list
// form.
function prepare(node) {
  if (Array.isArray(node)) return node.map(prepare);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k.startsWith('x-')) continue;
    if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v).map(([name, s]) =>
        [name, name === 'weekly_days' && s?.type === 'string' ? WEEKLY_DAYS : prepare(s)]));
    } else {
      out[k === 'oneOf' ? 'zoomOneOf' : k] = prepare(v);
    }
  }
  return out;
}

function setPointer(root, pointer, value) {
  const parts = pointer.split('/').slice(1);
  let node = root;
  for (const p of parts.slice(0, -1)) {
    node = node[p];
    assert.ok(node, `erratum pointer ${pointer} does not exist in the spec`);
  }
  assert.ok(parts.at(-1) in node, `erratum pointer ${pointer} does not exist in the spec`);
  node[parts.at(-1)] = value;
}

const validators = new Map();

// A validator for any schema written the way Zoom's file writes them (used
// for the spec's responses, and by the tests of this module).
export function compile(schema) {
  return ajv.compile(prepare(schema));
}

// The spec's response for (method, template, status): { schema } when it
// documents a JSON body, { schema: null } when it documents none.
export function responseSpec(method, template, status) {
  const op = operation(method, template);
  const res = op.responses[String(status)];
  assert.ok(res, `the spec documents no ${status} for ${method} ${template} (${op.operationId}): ` +
                 `it has ${Object.keys(op.responses).join(', ')}`);
  const schema = res.content?.['application/json']?.schema ?? null;
  return { operationId: op.operationId, schema };
}

function validatorFor(method, template, status) {
  const key = `${method} ${template} ${status}`;
  if (validators.has(key)) return validators.get(key);
  const { operationId, schema } = responseSpec(method, template, status);
  let v = null;
  if (schema) {
    const s = prepare(schema);
    for (const e of ERRATA) if (e.op === operationId && e.status === String(status)) setPointer(s, e.pointer, e.schema);
    v = ajv.compile(s);
  }
  validators.set(key, v);
  return v;
}

// Asserts the response has `status` and that its body is what the spec's
// response for it says: valid against the schema, or empty when there is none.
export function assertSpec(r, status, method = r.method, template = r.template) {
  assert.ok(method && template, 'assertSpec needs the method and the path template');
  assert.equal(r.status, status, `${method} ${template}: ${r.status} ${r.text}`);
  const validate = validatorFor(method.toUpperCase(), template, status);
  if (!validate) {
    assert.equal(r.text, '', `${method} ${template} ${status} has no body in the spec`);
    return r.json;
  }
  assert.match(r.headers.get('content-type') ?? '', /^application\/json/, `${method} ${template}: content-type`);
  assert.ok(r.json !== undefined, `${method} ${template}: body is not JSON: ${r.text}`);
  return assertBody(method, template, status, r.json);
}

// Asserts a parsed body (however it was fetched) matches the spec's schema
// for (method, template, status); returns the body.
export function assertBody(method, template, status, body) {
  const validate = validatorFor(method.toUpperCase(), template, status);
  assert.ok(validate, `${method} ${template} ${status} has no body in the spec`);
  if (!validate(body)) {
    const errs = validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}` +
                                             (e.params?.allowedValues ? ` ${JSON.stringify(e.params.allowedValues)}` : ''));
    assert.fail(`${method} ${template} ${status} does not match the spec:\n  ${errs.join('\n  ')}\n` +
                `${JSON.stringify(body).slice(0, 2000)}`);
  }
  return body;
}

// Fills a path template: fill('/meetings/{meetingId}', { meetingId: 5 }).
// Values are URL-encoded once; pass { raw: true } to use them as they are.
export function fill(template, params = {}, { raw = false } = {}) {
  return template.replace(/\{(\w+)\}/g, (_, k) => {
    assert.ok(k in params, `missing path parameter ${k} for ${template}`);
    return raw ? String(params[k]) : encodeURIComponent(String(params[k]));
  });
}

// A /v2 call by path template (which includes /v2), remembered on the
// response for assertSpec: api(plaza, tok, 'GET', '/v2/meetings/{meetingId}', { meetingId }).
export async function api(plaza, accessToken, method, template, params = {}, { query, body, raw = false, headers = {} } = {}) {
  let path = fill(template, params, { raw });
  if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) q.append(k, String(v));
    const s = q.toString();
    if (s) path += `?${s}`;
  }
  const r = await request(plaza, method, path, { body, headers: { authorization: `Bearer ${accessToken}`, ...headers } });
  r.method = method;
  r.template = template;
  return r;
}

// The call and the spec check at once; returns the parsed body.
export async function ok(plaza, accessToken, method, template, params, status, opts) {
  const r = await api(plaza, accessToken, method, template, params, opts);
  return assertSpec(r, status);
}

// Zoom's validation error: 400 {"code":300,"message":"Validation Failed.","errors":[{field,message}]}
// naming every field in `fields` (and only well-formed entries).
export function assertValidation(r, fields = []) {
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json?.code, 300, r.text);
  assert.equal(r.json.message, 'Validation Failed.', r.text);
  assert.ok(Array.isArray(r.json.errors) && r.json.errors.length > 0, `errors[]: ${r.text}`);
  for (const e of r.json.errors) {
    assert.deepEqual(Object.keys(e), ['field', 'message'], r.text);
    assert.equal(typeof e.field, 'string');
    assert.ok(e.message.length > 0);
  }
  for (const f of [].concat(fields)) {
    assert.ok(r.json.errors.some((e) => e.field === f), `errors[] names ${f}: ${r.text}`);
  }
}
