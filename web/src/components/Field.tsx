// A labelled input with its error beside it. The label is always visible; the error is tied to
// the input with aria-describedby and aria-invalid so screen readers announce it. `attention`
// marks a value the rep should check (e.g. read from a document with low confidence), announced
// the same way.
import { type ReactNode, useId } from 'react';

export function Field({
  label,
  error,
  hint,
  attention,
  children,
}: {
  label: string;
  error?: string;
  hint?: ReactNode;
  attention?: string;
  children: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const attentionId = `${id}-attention`;
  const describedBy = [hint ? hintId : null, attention ? attentionId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', error ? 'has-error' : null, attention ? 'needs-check' : null].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <small id={hintId} className="hint">
          {hint}
        </small>
      )}
      {attention && (
        <small id={attentionId} className="check-note">
          {attention}
        </small>
      )}
      {error && (
        <small id={errorId} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}
