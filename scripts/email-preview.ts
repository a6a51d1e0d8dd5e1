// `npm run email:preview`: renders every mail template (and the task page states) with sample
// props, in English (<name>.html and .txt) and Simplified Chinese (<name>.zh-CN.html and .txt),
// into .cache/email-preview (or --out DIR), and prints the paths. Sends nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAIL_PREVIEWS } from '../src/mail/templates';
import { SAMPLE_CONTRACT, SAMPLE_TASK, SAMPLE_WHY } from '../src/mail/templates/samples';
import { renderDecisionPage, renderOutcomePage } from '../src/task-links/task-page.template';
import { cacheDir } from './lib/paths';
import { parseCli } from '../src/cli/cli-args';
import type { Locale } from '../src/directory/locale';

const { values } = parseCli(process.argv.slice(2), {
  usage: 'npm run email:preview [-- --out DIR]',
  summary: 'Renders every mail template and the task page states with sample props into files; sends nothing.',
  options: { out: { type: 'string', valueName: 'DIR', description: 'output folder (default .cache/email-preview)' } },
});
const outDir = values.out ?? join(cacheDir, 'email-preview');
mkdirSync(outDir, { recursive: true });

const written: string[] = [];
const write = (file: string, body: string) => {
  const path = join(outDir, file);
  writeFileSync(path, body);
  written.push(path);
};

const LANGUAGES: { locale: Locale; suffix: string }[] = [
  { locale: 'en', suffix: '' },
  { locale: 'zh-CN', suffix: '.zh-CN' },
];

for (const { locale, suffix } of LANGUAGES) {
  for (const preview of MAIL_PREVIEWS) {
    const mail = preview.render(locale);
    write(`${preview.name}${suffix}.html`, mail.html);
    write(`${preview.name}${suffix}.txt`, `Subject: ${mail.subject}\n\n${mail.text}`);
  }
}

const tz = SAMPLE_TASK.recipient.timeZone;
// The outcome pages' headings and messages come from the task-link service; the samples are its English ones.
for (const { locale, suffix } of LANGUAGES) {
  write(
    `page-decision${suffix}.html`,
    renderDecisionPage({
      viewer: { ...SAMPLE_TASK.recipient, locale },
      onBehalfOf: null,
      contract: SAMPLE_CONTRACT,
      why: SAMPLE_WHY,
      dueAt: SAMPLE_TASK.dueAt,
      linkExpiresAt: SAMPLE_TASK.link.expiresAt,
      csrf: 'sample-csrf-field',
    }),
  );
  write(
    `page-recorded${suffix}.html`,
    renderOutcomePage({
      tone: 'ok',
      heading: 'Approved — recorded',
      message: 'Thank you, Lena Fischer. Your decision is recorded; you can close this page.',
      timeZone: tz,
      locale,
      decided: { decision: 'approve', byName: 'Lena Fischer', at: '2026-11-24T08:12:00.000Z', comment: null },
      contract: SAMPLE_CONTRACT,
      stepName: SAMPLE_WHY.stepName,
    }),
  );
  write(
    `page-already-decided${suffix}.html`,
    renderOutcomePage({
      tone: 'warn',
      heading: 'Link already used',
      message: 'This link has already been used; each link works once.',
      timeZone: tz,
      locale,
      decided: { decision: 'request_changes', byName: 'Lee Huang', at: '2026-11-24T07:40:00.000Z', comment: 'Restore the standard liability cap.' },
      contract: SAMPLE_CONTRACT,
      stepName: SAMPLE_WHY.stepName,
    }),
  );
}

console.log(`email preview: ${written.length} files in ${outDir}`);
for (const path of written) console.log(`  ${path}`);
