import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';

/** Conversations on this device. Conversation docs do not sync yet, so the honest answer is none. */
export function ConversationsPage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="conversations-heading">
      <h1 id="conversations-heading">{t('conversations.title')}</h1>
      <p className="empty">{t('conversations.empty')}</p>
      <p>
        <Link href="/tasks">{t('conversations.hint')}</Link>
      </p>
    </section>
  );
}
