// /contracts/new: a rep submits a contract; it opens on its own page once stored. The form can be
// prefilled from a customer's document ("Read from document"); the rep checks the marked fields and
// confirms by submitting as usual.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { client, unwrap } from '../../api/client';
import { ContractForm, newIdempotencyKey } from './ContractForm';
import type { FormState } from './contract-form-state';
import { draftToState } from './intake-prefill';
import { ReadFromDocument } from './ReadFromDocument';

export default function NewContractPage() {
  const { t } = useTranslation('rep');
  const navigate = useNavigate();
  // One key per form: a double click or a retry after a lost answer returns the same contract.
  const [idempotencyKey] = useState(newIdempotencyKey);
  // Each document read opens a fresh form (key) on its draft.
  const [prefill, setPrefill] = useState<{ state: FormState; notes: Record<string, string>; version: number } | null>(null);
  return (
    <>
      <h1>{t('new.title')}</h1>
      <ReadFromDocument onRead={(result, notes) => setPrefill((p) => ({ state: draftToState(result.draft), notes, version: (p?.version ?? 0) + 1 }))} />
      <ContractForm
        key={prefill?.version ?? 0}
        prefill={prefill?.state}
        notes={prefill?.notes}
        submitLabel={t('form.submit')}
        onSubmit={async (body) => {
          const created = await unwrap<{ id: string }>(client.POST('/api/contracts', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } }));
          void navigate(`/contracts/${created.id}`);
        }}
      />
    </>
  );
}
