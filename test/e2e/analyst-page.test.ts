// End-to-end: a real `lockstep serve`, seeded through the API with a day holding a 40-member
// coordinated cluster, scanned, then driven in Debian's chromium via playwright-core.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredCluster } from '../../src/store/types.js';
import { CLUSTER_CSV_HEADER } from '../../src/web/csv.js';
import { sortClusters } from '../../src/web/sort.js';
import { newPage as openPage, signIn as signInAt, type Problems } from './support/browser.js';
import { CHROMIUM_ARGS, ensureChromium } from './support/chromium.js';
import { generateDay, toNdjson, type Day } from './support/day.js';
import { apiCall, build, KEYS, READER_NAME, runScan, startServer, WRITER_NAME, type Server } from './support/server.js';
import { readingLabel } from '../../src/web/format.js';

const ARTIFACTS = resolve(import.meta.dirname, '..', '..', 'test-artifacts');

let server: Server;
let browser: Browser;
let day: Day;
let top: StoredCluster;
const problems: Problems = { csp: [], errors: [] };
const newPage = () => openPage(browser, problems);
const signIn = (page: Parameters<typeof signInAt>[0], key: string) => signInAt(page, server.url, key);

/** The cluster the list shows first by default (highest score; ties: largest), in full. */
async function topCluster(): Promise<StoredCluster> {
  const page = await apiCall<{ items: StoredCluster[] }>(server, 'GET', '/v1/clusters?limit=100');
  expect(page.items.length).toBeGreaterThan(0);
  const best = sortClusters(page.items, 'score', 'desc')[0];
  return apiCall<StoredCluster>(server, 'GET', `/v1/clusters/${encodeURIComponent(best.id)}`);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const executablePath = await ensureChromium();
  await build();
  server = await startServer();
  day = generateDay({ seed: 7 });
  await apiCall(server, 'POST', '/v1/events', toNdjson(day.events), 'application/x-ndjson');
  await runScan(server);
  top = await topCluster();
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('analyst page', () => {
  it('serves the shell and bundle with a self-only CSP and correct content types', async () => {
    const shell = await fetch(`${server.url}/`);
    expect(shell.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = shell.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await shell.text()).not.toMatch(/<script>(?!<)/);
    expect((await fetch(`${server.url}/assets/app.js`)).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${server.url}/assets/app.css`)).headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('the detector found the planted 40-member cluster', () => {
    const planted = new Set(day.campaign);
    const overlap = top.members.filter((m) => planted.has(m)).length;
    expect(overlap).toBeGreaterThanOrEqual(35);
    expect(top.members.length).toBeLessThanOrEqual(45);
  });

  it('a wrong key shows a clear error and is not kept', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'not-a-real-key');
    await expect.poll(() => page.locator('#login-error').textContent()).toMatch(/rejected this key \(401 Unauthorized\)/);
    expect(await page.evaluate(() => sessionStorage.getItem('lockstep.apiKey'))).toBeNull();
    await page.screenshot({ path: join(ARTIFACTS, 'login-error.png') });
    await context.close();
  });

  it('lists clusters, opens the top one with graph, timeline and evidence, exports, and reviews it', async () => {
    const { context, page } = await newPage();
    await signIn(page, KEYS.write);
    const rows = page.locator('[data-testid="cluster-table"] tbody tr');
    await rows.first().waitFor();
    expect(page.url()).not.toContain(KEYS.write);
    expect(await page.evaluate(() => sessionStorage.getItem('lockstep.apiKey'))).toBe(KEYS.write);
    // Default sort is score, highest first: the first row is the top cluster, with its summary.
    await expect.poll(() => rows.first().getAttribute('data-cluster')).toBe(top.id);
    expect(await rows.first().textContent()).toContain(top.summary.slice(0, 40));
    await page.screenshot({ path: join(ARTIFACTS, 'list.png') });

    // Open it with the keyboard: the score link is the row's focusable control.
    await rows.first().locator('a.score-link').focus();
    await page.keyboard.press('Enter');
    const graph = page.locator('[data-testid="graph"]');
    await graph.and(page.locator('[data-ready="true"]')).waitFor({ timeout: 30_000 });
    expect(Number(await graph.getAttribute('data-nodes'))).toBe(top.members.length);
    expect(await graph.locator('canvas').count()).toBeGreaterThan(0);

    // Hovering an edge shows the evidence behind it (a 40-member near-clique has edges almost everywhere).
    const gbox = (await graph.boundingBox())!;
    const card = page.getByTestId('edge-card');
    let hovered = false;
    for (let i = 0; i < 300 && !hovered; i++) {
      const a = (i * 2.399) % (2 * Math.PI);
      const r = 0.35 * Math.sqrt(i / 300);
      await page.mouse.move(gbox.x + gbox.width * (0.5 + r * Math.cos(a)), gbox.y + gbox.height * (0.5 + r * Math.sin(a)));
      hovered = await card.isVisible();
    }
    expect(hovered).toBe(true);
    expect(await card.textContent()).toMatch(/↔.*weight/s);
    await page.mouse.move(0, 0);

    const timeline = page.locator('canvas[data-testid="timeline"]');
    const plotted = Number(await timeline.getAttribute('data-members'));
    expect(plotted).toBeGreaterThanOrEqual(Math.floor(top.members.length * 0.9));
    expect(plotted).toBeLessThanOrEqual(top.members.length);
    // The canvas really has ink on it.
    const inked = await timeline.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(1000);

    const evidenceRows = await page.locator('[data-testid="evidence-table"] tbody tr').count();
    expect(evidenceRows).toBeGreaterThan(0);
    expect(await page.getByTestId('member-count').textContent()).toBe(String(top.members.length));
    // The finding names the reading the flag rests on (the report's `reading`).
    expect(top.reading).toBeDefined();
    expect(await page.getByTestId('reading').textContent()).toBe(readingLabel(top.reading));
    await page.screenshot({ path: join(ARTIFACTS, 'cluster.png') });

    // CSV export: one row per member action in the evidence, formula cells neutralised.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV' }).click()]);
    const csv = readFileSync((await csvDownload.path())!, 'utf8').replace(/^\ufeff/, '');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CLUSTER_CSV_HEADER.join(','));
    const expectedRows = top.evidence.reduce((s, ev) => s + ev.members.length, 0);
    expect(lines.length - 1).toBe(expectedRows);
    const members = new Set(top.members);
    for (const line of lines.slice(1)) {
      expect(line.startsWith(`${top.id},`) || line.startsWith(`"${top.id}"`)).toBe(true);
      for (const cell of line.split(',')) expect(cell).not.toMatch(/^"?[=+@\t\r-]/);
    }
    const accountCol = CLUSTER_CSV_HEADER.indexOf('account');
    expect(lines.slice(1).filter((l) => members.has(l.split(',')[accountCol])).length).toBeGreaterThan(0);

    // JSON and PNG exports.
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'JSON' }).click()]);
    expect(JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8')).id).toBe(top.id);
    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Graph PNG' }).click()]);
    const png = readFileSync((await pngDownload.path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(5000);
    await pngDownload.saveAs(join(ARTIFACTS, 'graph-export.png'));

    // Review: confirmed with a note, stored with the key's name, and still there after reload.
    await page.getByLabel('Confirmed inauthentic').check();
    await page.getByLabel('Note').fill('Same 40 accounts share within 30 s all day; copy-paste replies.');
    await page.getByRole('button', { name: 'Save review' }).click();
    await expect.poll(() => page.locator('.review-form .form-status').textContent()).toBe('Saved.');
    await page.reload();
    await expect.poll(() => page.getByTestId('review-current').textContent(), { timeout: 15_000 }).toContain('Confirmed inauthentic');
    expect(await page.getByTestId('review-current').textContent()).toContain(`by ${WRITER_NAME}`);
    expect(await page.locator('#review-note').inputValue()).toContain('Same 40 accounts');
    const stored = await apiCall<StoredCluster>(server, 'GET', `/v1/clusters/${encodeURIComponent(top.id)}`);
    expect(stored.review).toMatchObject({ state: 'confirmed', by: WRITER_NAME });

    // The list shows the judgement next to the detector's score.
    await page.getByRole('link', { name: '← All clusters' }).click();
    const row = page.locator(`[data-testid="cluster-table"] tbody tr[data-cluster="${top.id}"]`);
    await expect.poll(() => row.locator('[data-review]').getAttribute('data-review')).toBe('confirmed');

    // Filters go to the API: review state, then back to all; sorting by size is client-side.
    await page.getByLabel('Review', { exact: true }).selectOption('unreviewed');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('.list-status').textContent()).toMatch(/loaded|No flagged/);
    expect(await page.locator(`tr[data-cluster="${top.id}"]`).count()).toBe(0);
    await page.getByLabel('Review', { exact: true }).selectOption('confirmed');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('[data-testid="cluster-table"] tbody tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-cluster')))).toEqual([top.id]);
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByRole('button', { name: /^Members/ }).click();
    const sizes = await page.locator('[data-testid="cluster-table"] tbody tr td:nth-child(2)').allTextContents();
    expect(sizes.map(Number)).toEqual([...sizes.map(Number)].sort((a, b) => b - a));

    // A member's account view lists the cluster and draws its activity.
    await page.goto(`${server.url}/#/clusters/${encodeURIComponent(top.id)}`);
    const member = [...top.members].sort()[0];
    await page.getByTestId('member-list').getByRole('link', { name: member, exact: true }).click();
    await page.getByTestId('account-clusters').waitFor();
    expect(await page.getByTestId('account-clusters').textContent()).toContain(top.id);
    await page.getByTestId('activity').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'account.png') });
    await context.close();
  });

  it('a read-only key can browse but is told it cannot record a review', async () => {
    const { context, page } = await newPage();
    await signIn(page, KEYS.read);
    await page.locator('[data-testid="cluster-table"] tbody tr').first().waitFor();
    await page.goto(`${server.url}/#/clusters/${encodeURIComponent(top.id)}`);
    await page.getByLabel('Dismissed').check();
    await page.getByRole('button', { name: 'Save review' }).click();
    await expect.poll(() => page.locator('.review-form .form-status').textContent()).toMatch(/read-only/);
    const stored = await apiCall<StoredCluster>(server, 'GET', `/v1/clusters/${encodeURIComponent(top.id)}`);
    expect(stored.review?.by).not.toBe(READER_NAME);
    await context.close();
  });

  it('ran without CSP violations or page errors', () => {
    expect(problems.csp).toEqual([]);
    expect(problems.errors).toEqual([]);
  });
});
