import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { FormattedMessage } from 'react-intl';
import { fieldId } from './errors';

interface Common {
  /** The API field path; the input's id comes from it, so the error summary can link here. */
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  after?: ReactNode;
}

function Frame({ name, label, hint, error, optional, after, children }: Common & { children: ReactNode }) {
  const id = fieldId(name);
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional ? (
          <span className="field__optional">
            {' '}
            (<FormattedMessage id="form.optional" />)
          </span>
        ) : null}
      </label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {children}
      {after}
    </div>
  );
}

const described = (name: string, hint: unknown, error: unknown, extra?: string) =>
  [hint ? `${fieldId(name)}-hint` : '', error ? `${fieldId(name)}-error` : '', extra ?? ''].filter(Boolean).join(' ') || undefined;

export function TextField({ name, label, hint, error, optional, after, describedBy, ...input }: Common & { describedBy?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Frame name={name} label={label} hint={hint} error={error} optional={optional} after={after}>
      <input
        className="input"
        id={fieldId(name)}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(name, hint, error, describedBy)}
        {...input}
      />
    </Frame>
  );
}

export function TextArea({ name, label, hint, error, optional, after, describedBy, ...input }: Common & { describedBy?: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Frame name={name} label={label} hint={hint} error={error} optional={optional} after={after}>
      <textarea
        className="input input--area"
        id={fieldId(name)}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(name, hint, error, describedBy)}
        {...input}
      />
    </Frame>
  );
}

export function SelectField({ name, label, hint, error, optional, after, children, ...input }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Frame name={name} label={label} hint={hint} error={error} optional={optional} after={after}>
      <select className="input input--select" id={fieldId(name)} name={name} aria-invalid={error ? true : undefined} aria-describedby={described(name, hint, error)} {...input}>
        {children}
      </select>
    </Frame>
  );
}
