import { useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, unwrap } from '../api/client';
import type { AttachmentMeta, FormAttachment } from '../api/types';
import { refusal, typeOf, uploadAttachment } from '../drafts/upload';
import { formatBytes } from '../format/format';
import { useLocale } from '../i18n/I18nProvider';
import { describeError, fieldId } from './errors';

const TYPE_NAMES: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

/** One slot of the call's form: drop or choose a file, see its progress, remove it. */
export function AttachmentSlot({
  applicationId,
  slot,
  current,
  disabled,
  error,
  onChanged,
}: {
  applicationId: string;
  slot: FormAttachment;
  current?: AttachmentMeta;
  disabled?: boolean;
  error?: string;
  onChanged: () => void;
}) {
  const intl = useIntl();
  const { locale, tag } = useLocale();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<{ name: string; fraction: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const id = fieldId(`attachments.${slot.key}`);
  const types = (slot.allowedTypes ?? []).map((t) => TYPE_NAMES[t] ?? t).join(', ');
  const label =
    slot.labels?.[locale]?.title ??
    (intl.messages[`draft.attach.slot.${slot.key}`] ? intl.formatMessage({ id: `draft.attach.slot.${slot.key}` }) : intl.formatMessage({ id: 'draft.attach.slot.other' }, { key: slot.key }));

  const take = async (file: File | undefined) => {
    if (!file || disabled) return;
    setProblem(null);
    const why = refusal(file, slot);
    if (why === 'wrongType') return setProblem(intl.formatMessage({ id: 'draft.attach.wrongType' }, { name: file.name, types }));
    if (why === 'tooBig')
      return setProblem(intl.formatMessage({ id: 'draft.attach.tooBig' }, { name: file.name, size: formatBytes(file.size, tag), max: formatBytes(slot.maxSizeBytes!, tag) }));
    try {
      if (current) await unwrap(api.DELETE('/api/applications/{applicationId}/attachments/{attachmentId}', { params: { path: { applicationId, attachmentId: current.id } } }));
      setProgress({ name: file.name, fraction: 0 });
      await uploadAttachment(applicationId, slot.key, new File([file], file.name, { type: typeOf(file) }), (fraction) => setProgress({ name: file.name, fraction }));
      onChanged();
    } catch (err) {
      setProblem(`${intl.formatMessage({ id: 'draft.attach.failed' }, { name: file.name })}: ${describeError(intl, err)}`);
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  };

  const shown = problem ?? error;
  return (
    <div className={`field attachment${shown ? ' field--error' : ''}`}>
      <p className="field__label" id={`${id}-label`}>
        {label}
        {!slot.required ? (
          <span className="field__optional">
            {' '}
            (<FormattedMessage id="form.optional" />)
          </span>
        ) : null}
      </p>
      <p className="field__hint" id={`${id}-hint`}>
        <FormattedMessage id="draft.attach.rules" values={{ types, size: formatBytes(slot.maxSizeBytes ?? 0, tag) }} />
      </p>
      {shown ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {shown}
        </p>
      ) : null}
      {current ? (
        <div className="attachment__file" data-testid={`attachment-${slot.key}`}>
          <a href={current.downloadPath} download={current.fileName}>
            <FormattedMessage id="draft.attach.uploaded" values={{ name: current.fileName, size: formatBytes(current.sizeBytes, tag) }} />
          </a>
          {!disabled && (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={async () => {
                try {
                  await unwrap(api.DELETE('/api/applications/{applicationId}/attachments/{attachmentId}', { params: { path: { applicationId, attachmentId: current.id } } }));
                  onChanged();
                } catch (err) {
                  setProblem(describeError(intl, err));
                }
              }}
            >
              <FormattedMessage id="draft.attach.remove" values={{ name: current.fileName }} />
            </button>
          )}
        </div>
      ) : null}
      {progress ? (
        <div className="attachment__progress" role="status">
          <progress max={1} value={progress.fraction} aria-labelledby={`${id}-progress`} />
          <span id={`${id}-progress`}>
            <FormattedMessage id="draft.attach.uploading" values={{ name: progress.name, percent: progress.fraction }} />
          </span>
        </div>
      ) : null}
      {!disabled && (
        <div
          className={`dropzone${over ? ' dropzone--over' : ''}`}
          data-testid={`dropzone-${slot.key}`}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(false);
            void take(e.dataTransfer.files[0]);
          }}
        >
          <span>
            <FormattedMessage id="draft.attach.drop" />{' '}
          </span>
          <label htmlFor={id} className="button button--secondary">
            <FormattedMessage id="draft.attach.choose" />
          </label>
          <input
            ref={input}
            id={id}
            type="file"
            className="visually-hidden-input"
            accept={(slot.allowedTypes ?? []).join(',')}
            aria-describedby={`${id}-label ${id}-hint${shown ? ` ${id}-error` : ''}`}
            onChange={(e) => void take(e.target.files?.[0])}
          />
        </div>
      )}
    </div>
  );
}
