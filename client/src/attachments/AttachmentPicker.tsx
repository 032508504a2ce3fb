import { ATTACHMENT_LIMITS } from '@thongsuot/shared/model/attachment';
import { type ChangeEvent, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../i18n/i18n.ts';
import { AttachIcon } from './attach-icons.tsx';
import type { PreparedFile } from './attachment-store.ts';
import { kindOf } from './file-kind.ts';
import { prepareFile } from './prepare-file.ts';
import './attachments.css';

/**
 * Choosing files for an item before it is sent: any file, or a photo from the camera on a phone
 * (downscaled and stripped on the device). Nothing is stored until the item is sent; then
 * `keepFiles` stores the files and queues them in the transaction before the item is written.
 */
export function AttachmentPicker({
  files,
  onChange,
  onBusy,
}: {
  files: readonly PreparedFile[];
  onChange: (files: PreparedFile[]) => void;
  onBusy?: (busy: boolean) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const id = useId();

  async function choose(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const chosen = [...(event.target.files ?? [])];
    event.target.value = '';
    if (chosen.length === 0) return;
    const room = ATTACHMENT_LIMITS.maxPerItem - files.length;
    const problems: string[] = [];
    if (chosen.length > room) problems.push(t('attach.tooMany', { max: ATTACHMENT_LIMITS.maxPerItem }));
    setBusy(true);
    onBusy?.(true);
    const ready: PreparedFile[] = [];
    for (const file of chosen.slice(0, Math.max(0, room))) {
      const prepared = await prepareFile(file);
      if (prepared.ok) {
        if (!files.some((f) => f.sha256 === prepared.file.sha256)) ready.push(prepared.file);
      } else problems.push(prepared.message);
    }
    setBusy(false);
    onBusy?.(false);
    setErrors(problems);
    if (ready.length > 0) onChange([...files, ...ready]);
  }

  return (
    <div className="attach-picker">
      <div className="attach-buttons">
        <input
          id={`${id}-file`}
          className="visually-hidden"
          type="file"
          multiple
          onChange={choose}
          data-testid="attach-file"
        />
        <label className="button attach-button" htmlFor={`${id}-file`}>
          <AttachIcon name="clip" /> {t('attach.add')}
        </label>
        <input
          id={`${id}-camera`}
          className="visually-hidden"
          type="file"
          accept="image/*"
          capture="environment"
          onChange={choose}
          data-testid="attach-camera"
        />
        <label className="button attach-button" htmlFor={`${id}-camera`}>
          <AttachIcon name="camera" /> {t('attach.camera')}
        </label>
      </div>
      {busy && (
        <p className="muted" role="status">
          {t('attach.preparing')}
        </p>
      )}
      {errors.map((message) => (
        <p key={message} className="field-error" role="alert">
          {message}
        </p>
      ))}
      {files.length > 0 && (
        <ul className="attach-chosen" aria-label={t('attach.files', { count: files.length })}>
          {files.map((file) => (
            <ChosenFile
              key={file.sha256}
              file={file}
              onRemove={() => onChange(files.filter((f) => f.sha256 !== file.sha256))}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function ChosenFile({ file, onRemove }: { file: PreparedFile; onRemove: () => void }) {
  const { t } = useTranslation();
  const preview = useMemo(() => (file.thumb ? URL.createObjectURL(file.thumb) : null), [file.thumb]);
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);
  const kind = kindOf(file.mimeType, file.name);
  return (
    <li className="attach-row" data-testid="attach-chosen">
      {preview ? (
        <img className="attach-thumb" src={preview} alt="" />
      ) : (
        <span className={`attach-icon attach-icon-${kind}`} aria-hidden="true" />
      )}
      <span className="attach-name">
        {file.name}
        <span className="muted">
          {t(`attach.type.${kind}`)} · {formatBytes(file.data.size)}
        </span>
      </span>
      <button
        type="button"
        className="icon-button"
        onClick={onRemove}
        aria-label={t('attach.remove', { name: file.name })}
      >
        ×
      </button>
    </li>
  );
}
