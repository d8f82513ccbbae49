// The response checker of lib/openapi.mjs has teeth: bodies that break the
// spec's schemas (missing required fields, wrong types, unknown enum values,
// null where not nullable) are refused; additional properties, OpenAPI's
// `nullable` and the documented errata are accepted. No plaza needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertBody, assertSpec, compile, responseSpec } from './lib/openapi.mjs';

const fails = (fn, re) => assert.throws(fn, (err) => { assert.match(err.message, re); return true; });

test('required_fields_types_and_enums_are_enforced', () => {
  const user = { id: 'x', type: 1, email: 'a@example.com', status: 'active' };
  assertBody('GET', '/v2/users/{userId}', 200, user);
  assertBody('GET', '/v2/users/{userId}', 200, { ...user, something_new: [1, 2] }); // additional properties are fine
  const { type, ...noType } = user;
  void type;
  fails(() => assertBody('GET', '/v2/users/{userId}', 200, noType), /must have required property 'type'/);
  fails(() => assertBody('GET', '/v2/users/{userId}', 200, { ...user, type: '1' }), /\/type must be integer/);
  fails(() => assertBody('GET', '/v2/users/{userId}', 200, { ...user, status: 'gone' }), /\/status must be equal to one of/);
  fails(() => assertBody('GET', '/v2/users/{userId}', 200, { ...user, email: null }), /\/email must be string/);
  fails(() => assertBody('GET', '/v2/meetings/{meetingId}', 200, { id: 1, settings: { audio: 'loud' } }), /\/settings\/audio/);
  fails(() => assertBody('GET', '/v2/meetings/{meetingId}', 200, { id: 1, created_at: 'yesterday' }), /must match format "date-time"/);
});

test('nullable_is_understood', () => {
  const v = compile({ type: 'object', properties: { a: { type: 'string', nullable: true }, b: { type: 'string' } } });
  assert.equal(v({ a: null }), true);
  assert.equal(v({ b: null }), false);
});

test('zooms_oneOf_holds_the_alternative_that_declares_the_bodys_keys', () => {
  const settings = (body) => assertBody('GET', '/v2/users/{userId}/settings', 200, body);
  settings({ meeting_security: { waiting_room: true } });
  settings({ recording: { auto_recording: 'cloud' }, in_meeting: { chat: true } });
  settings({ authentication_options: { meeting_authentication: { enable: true } } });
  settings({ meeting_authentication: true, authentication_options: [{ id: 'a', type: 'enforce_login' }] });
  fails(() => settings({ meeting_authentication: true, authentication_options: [{ id: 'a', type: 'magic' }] }), /does not match/);
  // a broken group is not excused by an alternative that does not declare it
  fails(() => settings({ recording: { auto_recording: 'tape' }, in_meeting: { chat: true } }), /auto_recording/);
  fails(() => settings({ meeting_security: { encryption_type: 'rot13' } }), /encryption_type/);
  fails(() => settings({ meeting_security: { encryption_type: 'rot13' }, recording: { auto_recording: 'x' } }),
        /does not match the spec/);
});

test('errata_are_applied_and_nothing_else_is_relaxed', () => {
  // recordings' type is an integer in real responses (zoom-wire §2.10)
  assertBody('GET', '/v2/meetings/{meetingId}/recordings', 200, { type: 2 });
  fails(() => assertBody('GET', '/v2/meetings/{meetingId}/recordings', 200, { type: 42 }), /\/type must be equal to one of/);
  // weekly_days lists days
  assertBody('GET', '/v2/meetings/{meetingId}', 200, { recurrence: { type: 2, weekly_days: '1,3,5' } });
  fails(() => assertBody('GET', '/v2/meetings/{meetingId}', 200, { recurrence: { type: 2, weekly_days: '8' } }), /weekly_days/);
});

test('statuses_the_spec_does_not_document_and_bodies_where_it_has_none_are_refused', () => {
  fails(() => responseSpec('GET', '/v2/users/{userId}', 201), /documents no 201/);
  fails(() => responseSpec('GET', '/v2/nowhere', 200), /no operation/);
  const r = { status: 204, text: '{}', json: {}, headers: new Headers({ 'content-type': 'application/json' }) };
  fails(() => assertSpec(r, 204, 'PATCH', '/v2/users/{userId}'), /has no body in the spec/);
  assert.equal(responseSpec('PATCH', '/v2/meetings/{meetingId}', 204).schema, null);
});
