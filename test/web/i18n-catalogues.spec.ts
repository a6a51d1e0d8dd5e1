// The web app's catalogues (web/src/i18n/{en,zh-CN}/*.json) say the same things in both
// languages: every English key has its Chinese (Chinese has no `_one` plural form, so plural keys
// compare by their base), and every Chinese key its English, but for the policy problems that
// English shows in the API's own words. Every audit event a contract's history can show has a
// label in both languages (POLICY_ACTIVATED belongs to no contract).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_EVENT_TYPES } from '../../src/domain/audit/audit-event-types';

const ROOT = join(__dirname, '../../web/src/i18n');
const LANGUAGES = ['en', 'zh-CN'] as const;
const NOT_ON_A_CONTRACT = new Set<string>([AUDIT_EVENT_TYPES.POLICY_ACTIVATED]);
/** Chinese-only keys by design: English shows the API's message for these. */
const CHINESE_ONLY = [/^policy:problems\./];

type Catalogue = { [key: string]: string | Catalogue };
const read = (language: string, file: string) => JSON.parse(readFileSync(join(ROOT, language, file), 'utf8')) as Catalogue;

function keys(c: Catalogue, prefix = ''): string[] {
  return Object.entries(c).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

const files = readdirSync(join(ROOT, 'en')).filter((f) => f.endsWith('.json'));

test('both languages have the same catalogue files', () => {
  expect(readdirSync(join(ROOT, 'zh-CN')).filter((f) => f.endsWith('.json')).sort()).toEqual([...files].sort());
  expect(files).toContain('rep.json');
});

test.each(files)('%s has the same keys in English and Chinese', (file) => {
  const ns = file.replace(/\.json$/, '');
  const [en, zh] = LANGUAGES.map((l) => new Set(keys(read(l, file)).map((k) => `${ns}:${base(k)}`)));
  expect([...en].filter((k) => !zh.has(k))).toEqual([]);
  expect([...zh].filter((k) => !en.has(k) && !CHINESE_ONLY.some((re) => re.test(k)))).toEqual([]);
});

test.each(LANGUAGES)('every audit event of a contract has a history label in %s', (language) => {
  const events = read(language, 'rep.json').events as Catalogue;
  const missing = Object.values(AUDIT_EVENT_TYPES).filter((type) => !NOT_ON_A_CONTRACT.has(type) && typeof events[type] !== 'string');
  expect(missing).toEqual([]);
  // The revision timeout's withdrawal says why (label context, web/src/pages/rep/event-label.ts).
  expect(events.CONTRACT_WITHDRAWN_revision_timeout).toEqual(expect.any(String));
});
