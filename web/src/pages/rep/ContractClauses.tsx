// The contract form's clauses: prefilled with the library's standard texts, each editable, an edit
// highlighted word by word against the standard text in the clause's language (a clause in Chinese,
// e.g. read from a Chinese document, against the library's Chinese text), with a way back to it.
import { useTranslation } from 'react-i18next';
import type { ClauseLibrary } from '../../api/types';
import { ClauseDiff } from '../../components/ClauseDiff';
import { Field } from '../../components/Field';
import { clauseLanguage, standardTextIn } from '../../clause-language';

type StandardClause = ClauseLibrary['clauses'][number];

interface Props {
  clauses: { key: string; text: string }[];
  standardByKey: Map<string, StandardClause>;
  errors: Record<string, string>;
  /** What to check, read from a document: `clauses` (the section) and `clauses.<key>` (one clause). */
  notes?: Record<string, string>;
  onChange(clauses: { key: string; text: string }[]): void;
}

export function ContractClauses({ clauses, standardByKey, errors, notes = {}, onChange }: Props) {
  const { t, i18n } = useTranslation('rep');
  const setText = (index: number, text: string) => onChange(clauses.map((c, j) => (j === index ? { ...c, text } : c)));
  return (
    <fieldset>
      <legend>{t('form.clauses')}</legend>
      {errors.clauses && <p className="field-error">{errors.clauses}</p>}
      {notes.clauses && <p className="check-note">{notes.clauses}</p>}
      {clauses.map((clause, i) => {
        const standard = standardByKey.get(clause.key);
        const reference = standard && standardTextIn(standard, clauseLanguage(clause.text, i18n.language));
        const edited = reference !== undefined && clause.text !== reference.text;
        return (
          <div className={edited ? 'clause edited' : 'clause'} key={clause.key}>
            <Field
              label={standard ? t('form.clauseLabel', { title: standard.title }) : clause.key}
              error={errors[`clauses[${i}].text`] ?? errors[`clauses[${i}]`]}
              hint={edited ? t('clauses.edited') : undefined}
              attention={notes[`clauses.${clause.key}`]}
            >
              {(p) => (
                <textarea
                  {...p}
                  name={`clauses.${clause.key}`}
                  rows={3}
                  value={clause.text}
                  onChange={(e) => setText(i, e.target.value)}
                />
              )}
            </Field>
            {edited && reference && (
              <>
                <ClauseDiff standard={reference.text} text={clause.text} />
                <button type="button" className="secondary" onClick={() => setText(i, reference.text)}>
                  {t(reference.language === 'zh' ? 'clauses.restoreZh' : 'clauses.restoreEn')}
                </button>
              </>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
