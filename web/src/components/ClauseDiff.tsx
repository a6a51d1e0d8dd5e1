// A clause's text against the standard, word by word (character by character for Chinese, which
// has no spaces between words): removed words struck through, added words marked, so a reviewer
// (and the rep) sees exactly what changed.
import { diffChars, diffWords } from 'diff';
import { useTranslation } from 'react-i18next';
import { detectClauseLanguage } from '../clause-language';

export function ClauseDiff({ standard, text }: { standard: string; text: string }) {
  const { t } = useTranslation('rep');
  const parts = detectClauseLanguage(text) === 'zh' ? diffChars(standard, text) : diffWords(standard, text);
  return (
    <p className="clause-diff" aria-label={t('clauses.diffLabel')}>
      {parts.map((part, i) =>
        part.added ? (
          <ins key={i}>{part.value}</ins>
        ) : part.removed ? (
          <del key={i}>{part.value}</del>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </p>
  );
}
