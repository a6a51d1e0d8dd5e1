// "Read from document" on the new-contract page: the rep picks a customer's .docx or .pdf, the API
// reads it (POST /api/contracts/intake, nothing is stored) and the form below opens prefilled;
// a status region announces how it went (fields read, fields to check, or why the file was refused).
import { type ChangeEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, client, typed } from '../../api/client';
import { checkNotes, type IntakeResult } from './intake-prefill';

interface Props {
  onRead(result: IntakeResult, notes: Record<string, string>): void;
}

export function ReadFromDocument({ onRead }: Props) {
  const { t } = useTranslation('rep');
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);

  const read = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setBusy(true);
    setStatus({ text: t('intake.reading', { name: file.name }), error: false });
    try {
      const result = await typed(
        client.POST('/api/contracts/intake', {
          body: { file: '' },
          // The documented openapi-fetch way to send a file: the browser sets the multipart boundary.
          bodySerializer: () => {
            const form = new FormData();
            form.append('file', file);
            return form;
          },
        }),
      );
      const notes = checkNotes(result, t('intake.checkThis'), (w) => t(`intake.rule.${w.rule}`, { message: w.message, defaultValue: w.message }));
      onRead(result, notes);
      const toCheck = Object.keys(notes).length;
      setStatus({ text: toCheck ? t('intake.readWithChecks', { name: file.name, count: toCheck }) : t('intake.read', { name: file.name }), error: false });
    } catch (err) {
      const message = err instanceof ApiError ? (err.body.errors?.find((x) => x.field === 'file')?.message ?? err.body.message) : t('common:error.network');
      setStatus({ text: t('intake.failed', { name: file.name, message }), error: true });
    } finally {
      setBusy(false);
      // The same file can be chosen again after a fix.
      e.target.value = '';
    }
  };

  return (
    <section className="read-from-document" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('intake.title')}</h2>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('intake.file')}</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".docx,.pdf,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          aria-describedby={`${id}-hint`}
          disabled={busy}
          onChange={(e) => void read(e)}
        />
        <small id={`${id}-hint`} className="hint">
          {t('intake.hint')}
        </small>
      </div>
      <p role="status" aria-live="polite" className={status?.error ? 'error' : undefined}>
        {status?.text ?? ''}
      </p>
    </section>
  );
}
