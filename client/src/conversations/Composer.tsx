import type { AttachmentRef } from '@thongsuot/shared/model/attachment';
import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentPicker } from '../attachments/AttachmentPicker.tsx';
import { AttachIcon } from '../attachments/attach-icons.tsx';
import { keepFiles, type PreparedFile } from '../attachments/attachment-store.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { MAX_TEXT } from './conversation-actions.ts';

/**
 * The box to write a message, with files. A message that cannot be written stays in the box,
 * with the reason. Files are kept on the device and queued for upload before the message that
 * references them is written (attachments/attachment-store.ts).
 */
export function Composer({
  onSend,
}: {
  onSend: (text: string, attachments: readonly AttachmentRef[]) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { db, uploads } = usePlatform();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<PreparedFile[]>([]);
  const [preparing, setPreparing] = useState(false);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event?: FormEvent): Promise<void> {
    event?.preventDefault();
    if (preparing) return;
    if (text.trim() === '' && files.length === 0) {
      setError(t('chat.errors.empty'));
      return;
    }
    if (text.length > MAX_TEXT) {
      setError(t('chat.errors.tooLong'));
      return;
    }
    try {
      const refs = files.length > 0 ? await keepFiles(db, files) : [];
      await onSend(text.trim(), refs);
      if (refs.length > 0) uploads.kick();
      setText('');
      setFiles([]);
      setPicking(false);
      setError(null);
    } catch {
      setError(t('chat.errors.notSent'));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form className="composer" onSubmit={submit} noValidate>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {(picking || files.length > 0) && <AttachmentPicker files={files} onChange={setFiles} onBusy={setPreparing} />}
      <div className="composer-row">
        {/* In the row, not above it: the thread keeps its height on a phone until a file is wanted. */}
        <button
          type="button"
          className="icon-button composer-attach"
          aria-expanded={picking || files.length > 0}
          aria-label={files.length > 0 ? t('attach.files', { count: files.length }) : t('attach.add')}
          title={t('attach.add')}
          onClick={() => setPicking(!picking)}
        >
          <AttachIcon name="clip" />
        </button>
        <textarea
          aria-label={t('chat.compose')}
          placeholder={t('chat.compose')}
          rows={1}
          maxLength={MAX_TEXT}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="button button-primary composer-send" disabled={preparing}>
          {t('chat.send')}
        </button>
      </div>
    </form>
  );
}
