// The CC picker (抄送) of the contract form: colleagues the rep copies on the decisions people make
// on the contract (at most 10; they get a mail and may see the contract). A group of checkboxes,
// so a keyboard and a screen reader reach every name; the API's 400 for cc shows beside it.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, typed } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';

export const MAX_CC = 10;

export function CcPicker({ value, onChange, error }: { value: string[]; onChange: (cc: string[]) => void; error?: string }) {
  const { t } = useTranslation('urging');
  const { user } = useAuth();
  const [people, setPeople] = useState<{ id: string; displayName: string }[]>([]);
  useEffect(() => {
    let live = true;
    typed(client.GET('/api/users'))
      .then((users) => live && setPeople(users.filter((u) => u.id !== user?.id).map((u) => ({ id: u.id, displayName: u.displayName }))))
      .catch(() => live && setPeople([]));
    return () => {
      live = false;
    };
  }, [user?.id]);
  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((v) => v !== id));
  return (
    <fieldset className={['cc-picker', error ? 'has-error' : null].filter(Boolean).join(' ')} aria-describedby={error ? 'cc-hint cc-error' : 'cc-hint'}>
      <legend>{t('ccLegend')}</legend>
      <small id="cc-hint" className="hint">
        {t('ccHint', { max: MAX_CC })}
      </small>
      <ul className="checkbox-list">
        {people.map((p) => (
          <li key={p.id}>
            <label>
              <input type="checkbox" checked={value.includes(p.id)} disabled={!value.includes(p.id) && value.length >= MAX_CC} onChange={(e) => toggle(p.id, e.target.checked)} /> {p.displayName}
            </label>
          </li>
        ))}
      </ul>
      {error && (
        <small id="cc-error" className="field-error">
          {error}
        </small>
      )}
    </fieldset>
  );
}

/** Who a decided step was copied to, for the step's card on the contract page. */
export function StepCc({ cc }: { cc?: { id: string; name: string }[] }) {
  const { t } = useTranslation('urging');
  if (!cc?.length) return null;
  return (
    <>
      <dt>{t('ccStep')}</dt>
      <dd>{cc.map((p) => p.name).join(', ')}</dd>
    </>
  );
}
