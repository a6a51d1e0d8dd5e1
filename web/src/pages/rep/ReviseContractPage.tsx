// /contracts/:id/revise: the form on the current revision, with the reviewers' comments that asked
// for the changes shown above it.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { client, unwrap } from '../../api/client';
import type { ContractView } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ContractForm } from './ContractForm';

export default function ReviseContractPage() {
  const { t } = useTranslation('rep');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [contract, setContract] = useState<ContractView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [comment, setComment] = useState('');

  useEffect(() => {
    unwrap<ContractView>(client.GET('/api/contracts/{id}', { params: { path: { id } } }))
      .then(setContract)
      .catch(setError);
  }, [id]);

  if (error) return <ErrorMessage error={error} />;
  if (!contract) return <p>{t('common:loading')}</p>;
  const requests = contract.steps.filter((s) => s.status === 'changes_requested');

  return (
    <>
      <h1>{t('revise.title', { title: contract.title })}</h1>
      <p>
        <Link to={`/contracts/${contract.id}`}>{t('revise.back')}</Link>
      </p>
      {contract.status !== 'changes_requested' ? (
        <p role="status">{t('revise.notRequested')}</p>
      ) : (
        <>
          <section aria-labelledby="review-comments" className="review-comments">
            <h2 id="review-comments">{t('revise.comments')}</h2>
            <ul>
              {requests.map((s) => (
                <li key={s.key}>
                  <strong>{t(`steps.${s.key}`, { defaultValue: s.name })}</strong>
                  {s.decidedBy?.name ? ` (${s.decidedBy.name})` : ''}: <q>{s.comment ?? s.reason ?? ''}</q>
                </li>
              ))}
              {(contract.problems ?? []).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </section>
          <div className="field">
            <label htmlFor="revision-comment">{t('revise.yourComment')}</label>
            <textarea id="revision-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
          </div>
          <ContractForm
            initial={contract.data}
            submitLabel={t('revise.submit')}
            onSubmit={async (body) => {
              await unwrap(
                client.POST('/api/contracts/{id}/revisions', {
                  params: { path: { id } },
                  body: { ...body, baseRevision: contract.revision, ...(comment.trim() ? { comment: comment.trim() } : {}) },
                }),
              );
              void navigate(`/contracts/${id}`);
            }}
          />
        </>
      )}
    </>
  );
}
