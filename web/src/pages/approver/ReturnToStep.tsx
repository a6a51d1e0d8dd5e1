// "Return to step…" on the task page (退回到指定节点): send the contract back to an earlier step
// of the chain instead of to the rep. The steps offered are the task's returnTargets (the step's
// returnTo in the contract's policy); the reason is the decision's comment, which a return
// requires. The API refuses a step the policy does not allow (400 naming toStep); the refusal
// reads as a sentence like any other.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskView } from './types';

export interface ReturnToStepProps {
  task: TaskView;
  busy: boolean;
  /** Sends the decision `return` with this step (the page's decide, which checks the comment). */
  onReturn: (toStep: string) => void;
}

export function ReturnToStep({ task, busy, onReturn }: ReturnToStepProps) {
  const { t } = useTranslation('approver');
  const [toStep, setToStep] = useState('');
  const [open, setOpen] = useState(false);
  if (!task.returnTargets.length) return null;
  if (!open) {
    return (
      <button type="button" className="secondary" disabled={busy} onClick={() => setOpen(true)} aria-expanded={false} aria-controls="return-to-step">
        {t('task.return.open')}
      </button>
    );
  }
  return (
    <fieldset id="return-to-step" className="return-to-step">
      <legend>{t('task.return.title')}</legend>
      <p className="hint">{t('task.return.hint')}</p>
      <div className="field">
        <label htmlFor="return-to">{t('task.return.to')}</label>
        <select id="return-to" value={toStep} onChange={(e) => setToStep(e.target.value)} required>
          <option value="">{t('task.return.choose')}</option>
          {task.returnTargets.map((s) => (
            <option key={s.key} value={s.key}>
              {t(`steps.${s.key}`, { defaultValue: s.name })}
            </option>
          ))}
        </select>
      </div>
      <div className="button-row">
        <button type="button" className="secondary" disabled={busy || !toStep} onClick={() => onReturn(toStep)}>
          {t('task.return.button')}
        </button>
        <button type="button" disabled={busy} onClick={() => setOpen(false)}>
          {t('task.return.cancel')}
        </button>
      </div>
    </fieldset>
  );
}
