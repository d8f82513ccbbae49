// A developer builds a General app in the portal, through the real binary:
// signs in, picks the type, sees the checklist say Not ready with links to
// each fix, fixes every item page by page, and submits it for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, createAccount, control } from '../e2e/lib/plaza.mjs';
import { png, pdf, verificationServer } from '../e2e/lib/market.mjs';
import { openBrowser, checkPage, assertNoErrors, screenshot } from './lib/browser.mjs';

let plaza, owner, web, site, code = '';
const PASSWORD = 'owner-password-1';

before(async () => {
  plaza = await startPlaza();
  owner = (await createAccount(plaza)).owner;
  site = await verificationServer(() => code);
  web = await openBrowser();
});

after(async () => {
  if (web) await screenshot(web.page, 'developer-last').catch(() => {}); // where the test ended, pass or fail
  await web?.close();
  await site?.close();
  await plaza?.stop();
});

// The form's own status line, or the section's once a save re-rendered it.
const saved = (page, form) => page.getByRole('form', { name: form, exact: true }).getByRole('status')
  .or(page.getByRole('main').locator('.section-status'));

async function fill(page, form, values) {
  const f = page.getByRole('form', { name: form, exact: true });
  for (const [label, value] of Object.entries(values)) {
    const box = f.getByLabel(label, { exact: true });
    if (typeof value === 'boolean') await box.setChecked(value);
    else if ((await box.evaluate((el) => el.tagName)) === 'SELECT') await box.selectOption(value);
    else await box.fill(value);
  }
  await f.getByRole('button', { name: /^(Save|Set up|Send)/ }).click();
  await assert.doesNotReject(saved(page, form).filter({ hasText: /^Saved\.$/ }).waitFor({ timeout: 5000 }), `${form} saved`);
}

// The app the page shows, from its address (#/apps/ID/...).
const appIdOf = async (page) => new URL(page.url()).hash.split('/')[2];

async function section(page, name) {
  await page.getByRole('navigation', { name: 'App sections' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 2, name }).waitFor();
}

test('developer_builds_and_submits_a_general_app', async () => {
  const { page, errors } = web;
  const origin = site.origin;

  await page.goto(`${plaza.url}/marketplace`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await checkPage(page, 'signin');

  // a wrong password is said next to the form, and nothing happens
  await page.getByLabel('E-mail').fill(owner.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();

  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your apps' }).waitFor();
  await page.getByRole('banner').getByText(owner.email).waitFor();
  await checkPage(page, 'apps');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Build app' }).click();
  await page.getByRole('heading', { name: 'Build app' }).waitFor();
  await checkPage(page, 'build-app');
  await page.getByLabel('General app (user-managed)').check();
  await page.getByLabel('App name').fill('Portal Scheduler');
  await page.getByLabel('OAuth redirect URL').fill(`${origin}/callback`);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { level: 1, name: 'Portal Scheduler' }).waitFor();
  await page.getByText('Client secret (shown once, copy it now):').waitFor();
  await checkPage(page, 'credentials');

  // the checklist: Not ready, each missing item a link to its page
  await section(page, 'Submit');
  await page.getByText('Not ready', { exact: true }).first().waitFor();
  await checkPage(page, 'checklist');
  await page.getByRole('link', { name: 'app_listing.company_name' }).click();
  await page.getByRole('heading', { level: 2, name: 'Information' }).waitFor();
  await checkPage(page, 'information');
  await fill(page, 'Information', {
    'Company name': 'Example Co', 'Short description': 'Schedules things.', 'Long description': 'Schedules many things.',
    'Developer contact name': 'Dee Veloper', 'Developer contact e-mail': 'dev@example.test',
    'Privacy policy URL': `${origin}/privacy`, 'Terms of use URL': `${origin}/terms`, 'Support URL': `${origin}/support`,
    'Documentation URL': `${origin}/docs`,
  });

  await section(page, 'App Credentials');
  await fill(page, 'Production set-up', { 'Production redirect URL': `${origin}/prod/callback` });

  await section(page, 'Features');
  await fill(page, 'Features', { 'Deauthorization notification endpoint URL': `${origin}/deauth` });
  await checkPage(page, 'features');

  await section(page, 'Scopes');
  await page.getByLabel('Find scopes').fill('user:read');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('checkbox', { name: /^user:read$/ }).check();
  await page.getByLabel('Why user:read is needed').fill('Shows the signed-in user their own name.');
  await page.getByRole('button', { name: 'Save scopes' }).click();
  await saved(page, 'Development scopes').filter({ hasText: 'Saved.' }).waitFor();
  await page.getByRole('button', { name: 'Copy Development scopes to Production' }).click();
  await page.getByText('The Production tab has the same scopes now.').waitFor();
  await checkPage(page, 'scopes');

  await section(page, 'Technical design & security');
  await fill(page, 'Technical design and security', {
    'Technology stack': 'C and SQLite',
    'Do you have a secure software development process (SSDLC)?': 'false', 'Your SSDLC answer': 'Reviews of every change.',
    'Does the application undergo SAST and/or DAST testing?': 'false', 'Your SAST/DAST answer': 'Fuzzing in CI.',
  });

  await section(page, 'Test account & terms');
  await fill(page, 'Test account and terms', {
    'Test account e-mail': 'tester@example.test', 'Test account password': 'reviewer-pass-1',
    'Test account sign-in URL': `${origin}/login`, 'I accept the Marketplace developer terms': true,
  });

  await section(page, 'Media & documents');
  // a wrong size is refused, named at the file
  await page.getByLabel('Preview image', { exact: true }).setInputFiles({ name: 'small.png', mimeType: 'image/png', buffer: png(100, 100) });
  await page.getByRole('button', { name: 'Upload preview image' }).click();
  await page.getByRole('form', { name: 'Upload Preview image' }).getByRole('alert').waitFor();
  // a document labelled as a picture is refused by its content, named at the file
  await page.getByLabel('Preview image', { exact: true }).setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: pdf() });
  await page.getByRole('button', { name: 'Upload preview image' }).click();
  await page.getByRole('form', { name: 'Upload Preview image' }).getByText(/is a PDF document, not JPG, JPEG, GIF or PNG/).waitFor();
  assert.equal((await control(plaza).ok('GET', `/apps/${await appIdOf(page)}/media`)).media.length, 0, 'nothing stored');
  await page.getByLabel('Preview image', { exact: true }).setInputFiles({ name: 'shot.png', mimeType: 'image/png', buffer: png() });
  await page.getByRole('button', { name: 'Upload preview image' }).click();
  await page.getByText('shot.png').waitFor();
  await page.getByLabel('Architecture diagram', { exact: true }).setInputFiles({ name: 'arch.png', mimeType: 'image/png', buffer: png(64, 64) });
  await page.getByRole('button', { name: 'Upload architecture diagram' }).click();
  await page.getByText('arch.png').waitFor();
  await checkPage(page, 'media');

  await section(page, 'Domain verification');
  const appId = new URL(page.url()).hash.split('/')[2];
  code = (await control(plaza).ok('GET', `/apps/${appId}/domains`)).verification_code;
  await page.getByRole('button', { name: 'Verify now' }).click();
  await page.getByText('Not verified').waitFor({ state: 'detached', timeout: 10000 });
  await checkPage(page, 'domains');

  await section(page, 'Submit');
  await page.getByText('Ready', { exact: true }).first().waitFor();
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await page.getByText('Submitted', { exact: true }).first().waitFor();
  assert.equal((await control(plaza).ok('GET', `/apps/${appId}`)).status, 'submitted');
  await checkPage(page, 'submitted');

  await section(page, 'Review history');
  await page.getByText('draft → submitted').waitFor();
  await checkPage(page, 'history');

  await page.getByRole('link', { name: 'Sign out' }).click();
  await page.getByText('Signed out.').waitFor();
  assertNoErrors(errors);
});

test('two_tabs_saving_the_same_section_the_stale_one_is_told_and_keeps_its_input', async () => {
  const { context } = web;
  const acct = await createAccount(plaza);
  const app = await control(plaza).ok('POST', '/apps', { account_id: acct.id, name: 'Two Tabs', type: 'oauth', redirect_url: `${site.origin}/cb` });
  const [a, b] = [await context.newPage(), await context.newPage()];
  for (const p of [a, b]) {
    await p.goto(`${plaza.url}/marketplace#/signin`);
    if (await p.getByRole('heading', { name: 'Sign in' }).isVisible()) {
      await p.getByLabel('E-mail').fill(acct.owner.email);
      await p.getByLabel('Password').fill(PASSWORD);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.getByRole('heading', { name: 'Your apps' }).waitFor();
    }
    await p.goto(`${plaza.url}/marketplace#/apps/${app.id}/information`);
    await p.getByRole('heading', { level: 2, name: 'Information' }).waitFor();
  }
  await fill(a, 'Information', { 'Company name': 'From tab A' });
  const form = b.getByRole('form', { name: 'Information', exact: true });
  await form.getByLabel('Company name', { exact: true }).fill('From tab B');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByRole('alert').filter({ hasText: 'This app was changed elsewhere (another tab?)' }).waitFor();
  assert.equal(await form.getByLabel('Company name', { exact: true }).inputValue(), 'From tab B');
  const sections = await control(plaza).ok('GET', `/apps/${app.id}/sections`);
  assert.equal(sections.app_listing.company_name, 'From tab A');
  await checkPage(b, 'conflict');
  await a.close();
  await b.close();
});
