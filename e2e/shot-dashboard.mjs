import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:3250';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [w, scheme] of [[1440, 'light'], [390, 'dark']]) {
  const ctx = await browser.newContext({ viewport: { width: w, height: 900 } });
  const page = await ctx.newPage();
  const logs = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') logs.push(m.text()); });
  await page.goto(`${base}/sign-in`);
  await page.evaluate((s) => localStorage.setItem('mantine-color-scheme-value', s), scheme);
  await page.getByLabel('Email').fill('manager@demo.example');
  await page.locator('input[type=password]').fill('manager-demo-password');
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(/dashboard/, { timeout: 60000 });
  await page.goto(`${base}/manager/dashboard?period=24h&sku=${process.env.SKU ?? 'ELEGANT-LAMP'}`);
  await page.waitForTimeout(3000);
  await page.screenshot({ path: `/tmp/dash-${w}-${scheme}.png`, fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  console.log(w, scheme, 'overflow', overflow, 'console', logs);
  await ctx.close();
}
await browser.close();
