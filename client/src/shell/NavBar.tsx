import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useUnreadMessages } from '../conversations/use-unread-messages.ts';
import { useUnreadCount } from '../inbox/use-inbox.ts';
import { NavIcon } from './nav-icons.tsx';

const SECTIONS = [
  { key: 'inbox', href: '/', matches: (path: string) => path === '/' },
  { key: 'tasks', href: '/tasks', matches: (path: string) => path.startsWith('/tasks') },
  { key: 'documents', href: '/documents', matches: (path: string) => path.startsWith('/documents') },
  { key: 'directory', href: '/directory', matches: (path: string) => path.startsWith('/directory') },
  { key: 'conversations', href: '/conversations', matches: (path: string) => path.startsWith('/conversations') },
  { key: 'dashboard', href: '/dashboard', matches: (path: string) => path.startsWith('/dashboard') },
  { key: 'settings', href: '/settings', matches: (path: string) => path.startsWith('/settings') },
] as const;

/** The main navigation: a bottom tab bar on a phone, a side bar on a desktop (styles.css). */
export function NavBar() {
  const { t } = useTranslation();
  const [path] = useLocation();
  const unread = useUnreadCount();
  const messages = useUnreadMessages();
  return (
    <nav className="app-nav" aria-label={t('nav.main')}>
      {SECTIONS.map((section) => {
        const current = section.matches(path);
        return (
          <Link
            key={section.key}
            href={section.href}
            className={`nav-item nav-${section.key}${current ? ' current' : ''}`}
            aria-current={current ? 'page' : undefined}
          >
            <NavIcon name={section.key} />
            <span className="nav-label">{t(`nav.${section.key}`)}</span>
            {section.key === 'inbox' && unread > 0 && (
              <span className="nav-count" data-testid="unread-count">
                {unread > 99 ? '99+' : unread}
                <span className="visually-hidden"> {t('nav.unread', { count: unread })}</span>
              </span>
            )}
            {section.key === 'conversations' && messages > 0 && (
              <span className="nav-count" data-testid="unread-messages">
                {messages > 99 ? '99+' : messages}
                <span className="visually-hidden"> {t('chat.unread', { count: messages })}</span>
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
