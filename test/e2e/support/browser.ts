// Browser helpers shared by the e2e files: contexts at 1280x800 that record CSP violations and
// page errors, and the key form.
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const VIEWPORT = { width: 1280, height: 800 };

export interface Problems {
  csp: string[];
  errors: string[];
}

export async function newPage(browser: Browser, problems: Problems): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) problems.csp.push(m.text()); });
  page.on('pageerror', (e) => problems.errors.push(String(e)));
  return { context, page };
}

export async function signIn(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(baseUrl + '/');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
