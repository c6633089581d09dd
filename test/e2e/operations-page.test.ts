// End-to-end: a real `lockstep serve` (keeping a scan history in its data directory), two API scans,
// then the operations pages in Debian's chromium: the list, the "new since last scan" filter, and one
// operation's history.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSinceLastScan, type OperationDetail, type OperationItem } from '../../src/web/operations.js';
import { newPage as openPage, signIn as signInAt, type Problems } from './support/browser.js';
import { CHROMIUM_ARGS, ensureChromium } from './support/chromium.js';
import { generateDay, toNdjson } from './support/day.js';
import { apiCall, build, KEYS, runScan, startServer, type Server } from './support/server.js';

let server: Server;
let browser: Browser;
let ops: OperationItem[];
const problems: Problems = { csp: [], errors: [] };

beforeAll(async () => {
  const executablePath = await ensureChromium();
  await build();
  server = await startServer();
  const day = generateDay({ seed: 9 });
  await apiCall(server, 'POST', '/v1/events', toNdjson(day.events), 'application/x-ndjson');
  // Two scans of the same events: every operation of the first is seen again in the second.
  await runScan(server);
  await runScan(server);
  ops = (await apiCall<{ items: OperationItem[] }>(server, 'GET', '/v1/operations')).items;
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('operations pages', () => {
  it('API scans were tracked: operations seen in both scans', () => {
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.every((o) => o.scans === 2 && o.status === 'continuing')).toBe(true);
  });

  it('lists operations, filters to new since the last scan, and shows one operation\'s history', async () => {
    const { context, page } = await openPage(browser, problems);
    await signInAt(page, server.url, KEYS.read);
    await page.getByRole('link', { name: 'Operations' }).click();
    const rows = page.getByRole('table', { name: 'Operations' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(ops.length);

    await page.getByLabel('New since last scan').check();
    await expect.poll(() => page.url()).toMatch(/#\/operations\?new=1$/);
    await expect.poll(() => rows.count()).toBe(newSinceLastScan(ops).length);
    await page.getByLabel('New since last scan').uncheck();
    await expect.poll(() => rows.count()).toBe(ops.length);

    const first = ops[0];
    await page.getByRole('link', { name: first.id }).click();
    const history = page.getByRole('table', { name: 'Operation history' }).locator('tbody tr');
    await expect.poll(() => history.count()).toBe(2);
    const detail = await apiCall<OperationDetail>(server, 'GET', `/v1/operations/${first.id}`, undefined, 'application/json', KEYS.read);
    await expect.poll(() => history.first().locator('td').nth(4).textContent()).toBe(String(detail.steps[0].size));
    expect(await page.locator('meter').count()).toBe(2);
    await context.close();
    expect(problems.csp).toEqual([]);
    expect(problems.errors).toEqual([]);
  });
});
