import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

const BLOCKING = new Set(['serious', 'critical']);
/** WCAG 2.2 A and AA (which includes 2.0 and 2.1): the standard the app is held to. */
const STANDARD = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe (WCAG 2.2 A and AA rules) on the page as it is now. Every violation is attached to the report; serious and critical
 * ones fail the test, each named by rule and the elements it concerns.
 */
export async function expectAccessible(page: Page, testInfo: TestInfo, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(STANDARD).analyze();
  await testInfo.attach(`axe ${label}`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });
  const blocking = results.violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} (${violation.helpUrl}) at ` +
        violation.nodes.map((node) => node.target.join(' ')).join(', '),
    );
  expect(blocking, `serious or critical accessibility violations on ${label}`).toEqual([]);
}
