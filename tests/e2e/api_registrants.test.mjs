// Registrants of meetings and webinars through /v2 (zoom-wire §2.8–§2.9):
// registration exists only with approval_type 0 or 1; automatic approval vs
// pending; approve, deny and cancel; lists by status with pagination. Success
// bodies are checked against Zoom's spec.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, createAccount, createUser, userToken, simulateMeeting, assertZoomError } from './lib/plaza.mjs';
import { api, ok, assertSpec, assertValidation } from './lib/openapi.mjs';

const KINDS = {
  meeting: {
    create: '/v2/users/{userId}/meetings', one: '/v2/meetings/{meetingId}', param: 'meetingId',
    registrants: '/v2/meetings/{meetingId}/registrants', status: '/v2/meetings/{meetingId}/registrants/status',
    noun: 'meeting',
  },
  webinar: {
    create: '/v2/users/{userId}/webinars', one: '/v2/webinars/{webinarId}', param: 'webinarId',
    registrants: '/v2/webinars/{webinarId}/registrants', status: '/v2/webinars/{webinarId}/registrants/status',
    noun: 'webinar',
  },
};

let plaza, acc, host, tok;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  host = await createUser(plaza, acc.id);
  tok = await userToken(plaza, acc.id, host.id, ['meeting:read', 'meeting:write', 'webinar:read', 'webinar:write']);
});
after(async () => { await plaza.stop(); });

for (const [kind, K] of Object.entries(KINDS)) {
  const make = (body) => ok(plaza, tok, 'POST', K.create, { userId: 'me' }, 201, { body });
  const register = (id, body, query) => api(plaza, tok, 'POST', K.registrants, { [K.param]: id }, { body, query });
  const list = (id, query) => api(plaza, tok, 'GET', K.registrants, { [K.param]: id }, { query });
  const setStatus = (id, body) => api(plaza, tok, 'PUT', K.status, { [K.param]: id }, { body });

  test(`${kind}_without_registration_refuses_registrants_code_3000`, async () => {
    const m = await make({ topic: 'open' });
    assert.equal(m.registration_url, undefined);
    assertZoomError(await register(m.id, { first_name: 'Jill', email: 'jill@example.com' }), 400, 3000,
                    `This ${K.noun} does not have registration as required: ${m.id}.`);
    assertZoomError(await list(m.id), 400, 3000);
    assertZoomError(await setStatus(m.id, { action: 'approve' }), 400, 3000);
  });

  test(`${kind}_automatic_approval_registers_as_approved`, async () => {
    const m = await make({ topic: 'auto', start_time: '2031-09-01T10:00:00Z', settings: { approval_type: 0 } });
    assert.match(m.registration_url, new RegExp(`/${K.noun}/register/`));
    const body = {
      first_name: 'Jill', last_name: 'Chill', email: 'JChill@Example.com', city: 'Prague', country: 'CZ',
      org: 'Plaza', no_of_employees: '1-20', custom_questions: [{ title: 'Why?', value: 'Because' }],
    };
    const r = assertSpec(await register(m.id, body), 201);
    assert.equal(r.id, m.id, 'the 201 id is the meeting id');
    assert.match(r.registrant_id, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(r.topic, 'auto');
    assert.equal(r.start_time, '2031-09-01T10:00:00Z');
    assert.ok(Number.isInteger(r.participant_pin_code));
    assert.ok(r.join_url.includes(String(m.id)));
    // registering the same e-mail again gives the same registration back
    const again = assertSpec(await register(m.id, { first_name: 'Jill', email: 'jchill@example.com' }), 201);
    assert.equal(again.registrant_id, r.registrant_id);

    const approved = assertSpec(await list(m.id), 200);
    assert.equal(approved.total_records, 1);
    assert.equal(approved.next_page_token, '');
    const reg = approved.registrants[0];
    assert.equal(reg.id, r.registrant_id);
    assert.equal(reg.email, 'jchill@example.com');
    assert.equal(reg.first_name, 'Jill');
    assert.equal(reg.last_name, 'Chill');
    assert.equal(reg.city, 'Prague');
    assert.equal(reg.country, 'CZ');
    assert.equal(reg.org, 'Plaza');
    assert.equal(reg.no_of_employees, '1-20');
    assert.equal(reg.state, '');
    assert.deepEqual(reg.custom_questions, [{ title: 'Why?', value: 'Because' }]);
    assert.equal(reg.status, 'approved');
    assert.equal(reg.join_url, r.join_url);
    assert.equal(reg.participant_pin_code, r.participant_pin_code);
    assert.match(reg.create_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(assertSpec(await list(m.id, { status: 'pending' }), 200).total_records, 0);
  });

  test(`${kind}_manual_approval_keeps_registrants_pending_until_approved`, async () => {
    const m = await make({ settings: { approval_type: 1 } });
    const a = assertSpec(await register(m.id, { first_name: 'Ann', email: 'ann@example.com' }), 201);
    const b = assertSpec(await register(m.id, { first_name: 'Ben', email: 'ben@example.com' }), 201);
    const c = assertSpec(await register(m.id, { first_name: 'Cat', email: 'cat@example.com' }), 201);
    const d = assertSpec(await register(m.id, { first_name: 'Dan', email: 'dan@example.com', auto_approve: true }), 201);
    const ids = async (status) => assertSpec(await list(m.id, { status }), 200).registrants.map((x) => x.id).sort();
    assert.deepEqual(await ids('pending'), [a, b, c].map((x) => x.registrant_id).sort());
    assert.deepEqual(await ids('approved'), [d.registrant_id]);
    assert.deepEqual(await ids(), [d.registrant_id], 'approved is the default status');
    assert.deepEqual(await ids('denied'), []);

    assertSpec(await setStatus(m.id, { action: 'approve', registrants: [{ id: a.registrant_id }, { email: 'ben@example.com' }] }), 204);
    assert.deepEqual(await ids('approved'), [a, b, d].map((x) => x.registrant_id).sort());
    assertSpec(await setStatus(m.id, { action: 'deny', registrants: [{ id: c.registrant_id }] }), 204);
    assert.deepEqual(await ids('denied'), [c.registrant_id]);
    assert.deepEqual(await ids('pending'), []);
    assertSpec(await setStatus(m.id, { action: 'cancel', registrants: [{ id: d.registrant_id }] }), 204);
    assert.deepEqual(await ids('approved'), [a, b].map((x) => x.registrant_id).sort());
    // a denied registrant can be approved after all
    assertSpec(await setStatus(m.id, { action: 'approve', registrants: [{ id: c.registrant_id }] }), 204);
    assert.ok((await ids('approved')).includes(c.registrant_id));
    const listed = assertSpec(await list(m.id, { status: 'approved' }), 200).registrants;
    assert.ok(listed.every((x) => x.status === 'approved'));
  });

  test(`${kind}_registrant_lists_page_by_status`, async () => {
    const m = await make({ settings: { approval_type: 0 } });
    const made = [];
    for (let i = 0; i < 5; i++) made.push(assertSpec(await register(m.id, { first_name: `R${i}`, email: `r${i}@example.com` }), 201).registrant_id);
    const p1 = assertSpec(await list(m.id, { page_size: 2 }), 200);
    assert.equal(p1.page_size, 2);
    assert.equal(p1.total_records, 5);
    assert.equal(p1.page_count, 3);
    assert.equal(p1.registrants.length, 2);
    const seen = [...p1.registrants];
    let token = p1.next_page_token, pages = 1;
    while (token) {
      const p = assertSpec(await list(m.id, { page_size: 2, next_page_token: token }), 200);
      seen.push(...p.registrants);
      token = p.next_page_token;
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen.map((x) => x.id), made, 'in registration order, none twice');
    assertZoomError(await list(m.id, { page_size: 2, next_page_token: 'nope' }), 400, 300);
    // a token of the approved list is not one of the pending list
    assertZoomError(await list(m.id, { status: 'pending', page_size: 2, next_page_token: p1.next_page_token }), 400, 300);
    assertValidation(await list(m.id, { status: 'waiting' }), ['status']);
  });

  test(`${kind}_registrant_input_is_validated`, async () => {
    const m = await make({ settings: { approval_type: 0 } });
    assertValidation(await register(m.id, { email: 'a@example.com' }), ['first_name']);
    assertValidation(await register(m.id, { first_name: 'No mail' }), ['email']);
    assertValidation(await register(m.id, { first_name: 'Bad', email: 'not-an-email' }), ['email']);
    assertValidation(await register(m.id, { first_name: 7, email: 'a@example.com' }), ['first_name']);
    assertValidation(await register(m.id, { first_name: 'x', email: 'a@example.com', no_of_employees: 'a lot' }), ['no_of_employees']);
    assertValidation(await setStatus(m.id, { action: 'maybe' }), ['action']);
    assertValidation(await setStatus(m.id, { action: 'approve', registrants: Array.from({ length: 31 }, (_, i) => ({ id: `r${i}` })) }),
                     ['registrants']);
    assert.equal(assertSpec(await list(m.id), 200).total_records, 0, 'nothing stored');
    assertZoomError(await register(m.id, { first_name: 'Host', email: host.email }), 400, 3027, 'Host cannot register.');
    assertZoomError(await register(98989898989, { first_name: 'x', email: 'x@example.com' }), 404, 3001);
  });
}

test('meeting_registrant_of_a_recurring_meeting_gets_its_occurrences', async () => {
  const m = await ok(plaza, tok, 'POST', KINDS.meeting.create, { userId: 'me' }, 201, {
    body: { type: 8, start_time: '2031-10-01T10:00:00Z', recurrence: { type: 1, end_times: 3 }, settings: { approval_type: 0 } },
  });
  const all = assertSpec(await api(plaza, tok, 'POST', KINDS.meeting.registrants, { meetingId: m.id }, {
    body: { first_name: 'Al', email: 'al@example.com' },
  }), 201);
  assert.deepEqual(all.occurrences.map((o) => o.occurrence_id), m.occurrences.map((o) => o.occurrence_id));
  const picked = assertSpec(await api(plaza, tok, 'POST', KINDS.meeting.registrants, { meetingId: m.id }, {
    query: { occurrence_ids: m.occurrences[1].occurrence_id }, body: { first_name: 'Bo', email: 'bo@example.com' },
  }), 201);
  assert.deepEqual(picked.occurrences.map((o) => o.occurrence_id), [m.occurrences[1].occurrence_id]);
});

test('occurrence_ids_are_matched_exactly', async () => {
  const m = await ok(plaza, tok, 'POST', KINDS.meeting.create, { userId: 'me' }, 201, {
    body: { type: 8, start_time: '2031-11-01T10:00:00Z', recurrence: { type: 1, end_times: 2 }, settings: { approval_type: 0 } },
  });
  const r = await api(plaza, tok, 'POST', KINDS.meeting.registrants, { meetingId: m.id }, {
    query: { occurrence_ids: `${m.occurrences[0].occurrence_id}1` }, body: { first_name: 'Cy', email: 'cy@example.com' },
  });
  if (r.status === 201) assert.deepEqual(r.json.occurrences, [], r.text);
  else assertZoomError(r, 400, 3000);
});

test('an_ended_webinar_takes_no_registrants_3038', async () => {
  const w = await ok(plaza, tok, 'POST', KINDS.webinar.create, { userId: 'me' }, 201, { body: { settings: { approval_type: 0 } } });
  await simulateMeeting(plaza, w.id);
  assertZoomError(await api(plaza, tok, 'POST', KINDS.webinar.registrants, { webinarId: w.id }, {
    body: { first_name: 'Late', email: 'late@example.com' },
  }), 400, 3038);
});
