import { mayAssignToUnits } from '@thongsuot/shared/access/capabilities';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { usePerson } from '../tasks/person.ts';

/**
 * "Giao việc" from a conversation: opens the directive form prefilled from it — the title from
 * the text selected on screen, else the last message (conversations/task-from-conversation.ts).
 */
export function AssignTaskAction({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const person = usePerson();
  const [, navigate] = useLocation();
  if (!mayAssignToUnits(person)) return null;
  const open = (): void => {
    const selected = (globalThis.getSelection?.()?.toString() ?? '').trim().slice(0, 500);
    const query = new URLSearchParams({ from: conversationId, ...(selected ? { title: selected } : {}) });
    navigate(`~/tasks/new?${query}`);
  };
  return (
    <button type="button" className="button assign-task" onClick={open} data-testid="assign-task">
      {t('chat.assignTask')}
    </button>
  );
}
