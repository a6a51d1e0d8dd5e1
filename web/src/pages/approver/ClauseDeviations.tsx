// The contract's clauses that differ from the standard library, side by side: the standard text
// with the words taken out struck through, the contract's text with the words put in marked
// (word diff by the `diff` package; character diff for a clause in Chinese, which is compared with
// the library's Chinese standard text). Clauses the library does not know and mandatory clauses
// the contract lacks are listed too.
import { diffChars, diffWords } from 'diff';
import { useTranslation } from 'react-i18next';
import type { ClauseLibrary } from '../../api/types';
import { detectClauseLanguage, standardTextIn } from '../../clause-language';

export interface ClauseDeviation {
  key: string;
  title: string;
  standard: string | null;
  actual: string | null;
}

/** What differs between the contract's clauses and the library (whitespace-only edits are not deviations). */
export function clauseDeviations(clauses: { key: string; text: string }[], library: ClauseLibrary): ClauseDeviation[] {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ');
  const out: ClauseDeviation[] = [];
  for (const c of clauses) {
    const std = library.clauses.find((s) => s.key === c.key);
    if (!std) {
      out.push({ key: c.key, title: c.key, standard: null, actual: c.text });
      continue;
    }
    const standard = standardTextIn(std, detectClauseLanguage(c.text)).text;
    if (norm(standard) !== norm(c.text)) out.push({ key: c.key, title: std.title, standard, actual: c.text });
  }
  for (const std of library.clauses) {
    if (std.mandatory && !clauses.some((c) => c.key === std.key)) out.push({ key: std.key, title: std.title, standard: std.standardText, actual: null });
  }
  return out;
}

export function ClauseDeviations({ deviations }: { deviations: ClauseDeviation[] }) {
  const { t } = useTranslation('approver');
  if (deviations.length === 0) return <p>{t('task.clauses.none')}</p>;
  return (
    <div className="clause-deviations">
      {deviations.map((d) => {
        const parts = d.standard !== null && d.actual !== null ? (detectClauseLanguage(d.actual) === 'zh' ? diffChars(d.standard, d.actual) : diffWords(d.standard, d.actual)) : null;
        return (
          <article key={d.key} className="clause-pair" aria-labelledby={`clause-${d.key}`}>
            <h3 id={`clause-${d.key}`}>{t(`clauses.${d.key}`, { defaultValue: d.title })}</h3>
            <div className="side-by-side">
              <div>
                <h4>{t('task.clauses.standard')}</h4>
                <p className="clause-text" data-testid={`standard-${d.key}`}>
                  {d.standard === null
                    ? t('task.clauses.notInLibrary')
                    : parts
                      ? parts.filter((p) => !p.added).map((p, i) => (p.removed ? <del key={i}>{p.value}</del> : <span key={i}>{p.value}</span>))
                      : d.standard}
                </p>
              </div>
              <div>
                <h4>{t('task.clauses.contract')}</h4>
                <p className="clause-text" data-testid={`actual-${d.key}`}>
                  {d.actual === null
                    ? t('task.clauses.missing')
                    : parts
                      ? parts.filter((p) => !p.removed).map((p, i) => (p.added ? <ins key={i}>{p.value}</ins> : <span key={i}>{p.value}</span>))
                      : d.actual}
                </p>
              </div>
            </div>
          </article>
        );
      })}
      <p className="hint">{t('task.clauses.legend')}</p>
    </div>
  );
}
