// /contracts/new: a rep submits a contract; it opens on its own page once stored.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { client, unwrap } from '../../api/client';
import { ContractForm, newIdempotencyKey } from './ContractForm';

export default function NewContractPage() {
  const { t } = useTranslation('rep');
  const navigate = useNavigate();
  // One key per form: a double click or a retry after a lost answer returns the same contract.
  const [idempotencyKey] = useState(newIdempotencyKey);
  return (
    <>
      <h1>{t('new.title')}</h1>
      <ContractForm
        submitLabel={t('form.submit')}
        onSubmit={async (body) => {
          const created = await unwrap<{ id: string }>(client.POST('/api/contracts', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } }));
          void navigate(`/contracts/${created.id}`);
        }}
      />
    </>
  );
}
