// Accessibility check with axe-core, injected into the page as it is: any serious or critical
// violation fails the test, listing each rule, its help text and the offending elements.
import type { Page } from 'playwright-core';

const AXE_PATH = require.resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[] }[];
}

export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_PATH });
  // A string, so this file needs no DOM types: axe runs in the page.
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as { violations: AxeViolation[] };
  return result.violations;
}

export async function expectAccessible(page: Page, label: string): Promise<void> {
  const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) {
    const lines = serious.map((v) => `  ${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
    throw new Error(`axe-core found ${serious.length} serious/critical violation(s) on ${label}:\n${lines.join('\n')}`);
  }
}
