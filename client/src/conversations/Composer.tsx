import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_TEXT } from './conversation-actions.ts';

/** The box to write a message. A message that cannot be written stays in the box, with the reason. */
export function Composer({ onSend }: { onSend: (text: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(event?: FormEvent): Promise<void> {
    event?.preventDefault();
    if (text.trim() === '') {
      setError(t('chat.errors.empty'));
      return;
    }
    if (text.length > MAX_TEXT) {
      setError(t('chat.errors.tooLong'));
      return;
    }
    try {
      await onSend(text.trim());
      setText('');
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
    <form className="composer" onSubmit={submit}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="composer-row">
        <textarea
          aria-label={t('chat.compose')}
          placeholder={t('chat.compose')}
          rows={1}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit">{t('chat.send')}</button>
      </div>
    </form>
  );
}
