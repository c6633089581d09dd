// A 500-member cluster must load without freezing the page: the layout runs in a worker, only
// the backbone is drawn, and no main-thread task may run for seconds.
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredCluster } from '../../src/store/types.js';
import { newPage, signIn, type Problems } from './support/browser.js';
import { CHROMIUM_ARGS, ensureChromium } from './support/chromium.js';
import { generateDay, toNdjson } from './support/day.js';
import { apiCall, build, KEYS, runScan, startServer, type Server } from './support/server.js';

const ARTIFACTS = resolve(import.meta.dirname, '..', '..', 'test-artifacts');
/** With LOCKSTEP_SCREENSHOTS=<dir>, the three-cell view is also saved there (docs/screenshots/). */
const SHOTS = process.env.LOCKSTEP_SCREENSHOTS ? resolve(import.meta.dirname, '..', '..', process.env.LOCKSTEP_SCREENSHOTS) : undefined;
/** Generous for software WebGL on a loaded 2-core box; a frozen page takes far longer. */
const MAX_TASK_MS = 2500;

let server: Server;
let browser: Browser;
let big: StoredCluster;
const problems: Problems = { csp: [], errors: [] };

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const executablePath = await ensureChromium();
  await build();
  server = await startServer();
  const day = generateDay({ seed: 11, events: 40_000, campaignSize: 500, onlyAmplification: true });
  await apiCall(server, 'POST', '/v1/events', toNdjson(day.events), 'application/x-ndjson');
  await runScan(server);
  const page = await apiCall<{ items: StoredCluster[] }>(server, 'GET', '/v1/clusters?limit=100');
  const largest = [...page.items].sort((a, b) => b.members.length - a.members.length)[0];
  big = await apiCall<StoredCluster>(server, 'GET', `/v1/clusters/${encodeURIComponent(largest.id)}`);
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a 500-member cluster', () => {
  it('was detected', () => {
    expect(big.members.length).toBeGreaterThanOrEqual(450);
  });

  it('renders graph and timeline without long main-thread stalls', async () => {
    const { context, page } = await newPage(browser, problems);
    await signIn(page, server.url, KEYS.write);
    await page.locator('[data-testid="cluster-table"] tbody tr').first().waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) w.longTasks.push(e.duration); }).observe({ entryTypes: ['longtask'] });
    });
    await page.evaluate((id) => { location.hash = `#/clusters/${encodeURIComponent(id)}`; }, big.id);
    const graph = page.locator('[data-testid="graph"][data-ready="true"]');
    await graph.waitFor({ timeout: 45_000 });
    expect(Number(await graph.getAttribute('data-nodes'))).toBe(big.members.length);
    expect(Number(await graph.getAttribute('data-edges'))).toBeLessThanOrEqual(6000);
    // The backbone, not the near-complete graph: a few edges per member, a fraction of the total.
    const backbone = Number(await graph.getAttribute('data-backbone-edges'));
    expect(Number(await graph.getAttribute('data-edges'))).toBe(backbone);
    expect(backbone).toBeLessThanOrEqual(3 * big.members.length);
    expect(backbone * 5).toBeLessThan(Number(await graph.getAttribute('data-total-edges')));
    expect(Number(await page.getByTestId('timeline').getAttribute('data-members'))).toBeGreaterThan(0);
    const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
    expect(longest).toBeLessThan(MAX_TASK_MS);
    await page.screenshot({ path: join(ARTIFACTS, 'cluster-500.png') });
    await context.close();
    expect(problems).toEqual({ csp: [], errors: [] });
  });

  it('shows a cluster made of three cells as three groups', async () => {
    // The detector's 500 members, with edges rewritten (page.route) into three cells that act
    // together strongly inside and only now and then across: the layout must show three groups.
    const sizes = [200, 170, 130];
    const cellOf = big.members.map((_, i) => (i < sizes[0] ? 0 : i < sizes[0] + sizes[1] ? 1 : 2));
    let seed = 5;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const edges: NonNullable<StoredCluster['edges']> = [];
    big.members.forEach((a, i) => big.members.forEach((b, j) => {
      if (j <= i) return;
      const same = cellOf[i] === cellOf[j];
      if (same ? rnd() < 0.5 : rnd() < 0.9) return;
      const weight = same ? 6 + Math.floor(rnd() * 6) : 1 + Math.floor(rnd() * 2);
      edges.push({ source: a, target: b, weight, signals: { 'coaction:share': weight } });
    }));
    const { context, page } = await newPage(browser, problems);
    await page.route(`**/v1/clusters/${encodeURIComponent(big.id)}`, async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, json: { ...((await res.json()) as StoredCluster), edges } });
    });
    await signIn(page, server.url, KEYS.write);
    await page.locator('[data-testid="cluster-table"] tbody tr').first().waitFor();
    await page.evaluate((id) => { location.hash = `#/clusters/${encodeURIComponent(id)}`; }, big.id);
    const graph = page.locator('[data-testid="graph"][data-ready="true"]');
    await graph.waitFor({ timeout: 45_000 });
    expect(await graph.getAttribute('data-groups')).toBe('3');
    expect(await page.locator('.legend').textContent()).toContain('3 sub-groups (200, 170, 130 members)');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(ARTIFACTS, 'cluster-500-cells.png') });
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, 'cluster-500-cells.png') });
    }
    await context.close();
    expect(problems).toEqual({ csp: [], errors: [] });
  });
});
