import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { termsFor } from '../../src/i18n/render.ts';
import { writeReportFormats } from '../../src/report/report-writers.ts';
import type { Report } from '../../src/report/report-types.ts';
import { HOSTILE_NAME, sampleReport } from './sample-report.ts';

const CHROMIUM = '/usr/bin/chromium';
/** Screenshots land here, for a person to look at after the run. */
const OUTPUT_DIR = path.resolve('test-output');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(
    `report.html browser test skipped: ${CHROMIUM} missing (bash .ci/install-browser.sh)`,
  );
}

let directory: string;
let browser: Browser;
let current: Report;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'v6ready-html-'));
  current = sampleReport({ shift: true });
  const { sites, ...header } = current;
  const { sites: _old, ...baseline } = sampleReport();
  await writeReportFormats(directory, header, sites, {
    formats: ['html'],
    terms: termsFor('zh'),
    baseline,
  });
  if (haveChromium) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }
});

afterAll(async () => {
  await browser?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe.skipIf(!haveChromium)('report.html in headless Chromium', () => {
  it('draws its charts, filters and sorts its table, shows evidence, and runs no scanned script', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await page.goto(pathToFileURL(path.join(directory, 'report.html')).href);

    // Charts: every chart has drawn bars; the change chart has the owner whose site got worse.
    for (const chart of ['verdicts', 'histogram', 'categories', 'owners', 'change']) {
      expect(await page.locator(`#chart-${chart} svg rect.bar`).count(), chart).toBeGreaterThan(0);
    }
    expect(await page.locator('#chart-change').textContent()).toContain('-100.0');

    // The table holds every site, and filtering by verdict keeps exactly the matching ones.
    const rows = page.locator('#sites tbody tr');
    expect(await rows.count()).toBe(current.sites.length);
    await page.selectOption('#filter-verdict', 'non_compliant');
    const nonCompliant = current.sites.filter((site) => site.verdict === 'non_compliant').length;
    expect(nonCompliant).toBeGreaterThan(1);
    expect(await rows.count()).toBe(nonCompliant);
    expect(await page.locator('#sites tbody tr[data-verdict="non_compliant"]').count()).toBe(
      nonCompliant,
    );
    await page.selectOption('#filter-verdict', '');
    await page.fill('#filter-text', '广电');
    expect(await rows.count()).toBe(1);
    await page.fill('#filter-text', '');
    await page.selectOption('#filter-owner', '某电子商务有限公司');
    expect(await rows.count()).toBe(2);
    await page.selectOption('#filter-owner', '');

    // Sorting by score, descending on the second click.
    const scoreHeader = page.locator('#sites th[data-key="score"]');
    await scoreHeader.click();
    await scoreHeader.click();
    const scores = (await page.locator('#sites tbody tr td:last-child').allTextContents()).map(
      Number,
    );
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    // The hostile name is shown as text and ran nothing.
    expect(await page.locator('#sites tbody').textContent()).toContain(HOSTILE_NAME);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBe(undefined);

    await page.screenshot({
      path: await screenshotPath('report-html-overview.png'),
      fullPage: true,
    });

    // The detail view of the first site shows its evidence: addresses, status chain, TLS.
    await page.locator('#sites tbody tr[data-index="0"]').click();
    const detail = page.locator('#detail');
    await detail.waitFor({ state: 'visible' });
    const text = (await detail.textContent()) ?? '';
    expect(text).toContain('240e:e1:aa00::20');
    expect(text).toContain('HTTP 200');
    expect(text).toContain('CN=www.example.gov.cn');
    expect(text).toContain('二级链接 IPv6 支持度');
    await page.screenshot({ path: await screenshotPath('report-html-detail.png') });

    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('keeps the Chinese terms of the programme and escapes scanned strings in the markup', async () => {
    const html = await readFile(path.join(directory, 'report.html'), 'utf8');
    expect(html).toContain('IPv6 支持度检测报告');
    expect(html).not.toContain('<script>window.__pwned');
    expect(html.match(/<script/g)).toHaveLength(3);
  });
});

async function screenshotPath(name: string): Promise<string> {
  await mkdir(OUTPUT_DIR, { recursive: true });
  return path.join(OUTPUT_DIR, name);
}
