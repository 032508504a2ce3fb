import type { Person } from '@thongsuot/shared/access/principal';
import { mayWriteTask } from '@thongsuot/shared/access/task-access';
import { newId } from '@thongsuot/shared/ids';
import type { Task } from '@thongsuot/shared/model/task';
import { addTaskComment } from '@thongsuot/shared/model/task-comment';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { AttachmentList } from '../attachments/AttachmentList.tsx';
import { AttachmentPicker } from '../attachments/AttachmentPicker.tsx';
import { keepFiles, type PreparedFile } from '../attachments/attachment-store.ts';
import { TextField } from '../forms/Field.tsx';
import { usePlatform } from '../shell/platform-context.ts';
import { formatDateTime } from './format.ts';
import { useOfficialNames } from './use-official-names.ts';

/** As TaskCommentSchema allows. */
const MAX_COMMENT = 10_000;

/** Comments on a task, oldest first, like minutes in a file; those who may write the task add one, with files. */
export function TaskComments({ doc, task, person }: { doc: Y.Doc; task: Task; person: Person }) {
  const { t } = useTranslation();
  const { db, uploads } = usePlatform();
  const names = useOfficialNames(task.comments.map((c) => c.by));
  const [text, setText] = useState('');
  const [files, setFiles] = useState<PreparedFile[]>([]);
  const [preparing, setPreparing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const writable = mayWriteTask(person, task);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (preparing) return;
    if (text.trim() === '' && files.length === 0) {
      setError(t('detail.commentEmpty'));
      return;
    }
    if (text.length > MAX_COMMENT) {
      setError(t('detail.commentTooLong', { max: MAX_COMMENT.toLocaleString('vi-VN') }));
      return;
    }
    setError(null);
    const attachments = files.length > 0 ? await keepFiles(db, files) : [];
    addTaskComment(doc, {
      id: newId(),
      by: person.id,
      at: Date.now(),
      text: text.trim(),
      ...(attachments.length > 0 ? { attachments } : {}),
    });
    setText('');
    setFiles([]);
    if (attachments.length > 0) uploads.kick();
  }

  return (
    <section className="task-comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t('detail.comments')}</h2>
      {task.comments.length === 0 ? (
        <p className="empty">{t('detail.noComments')}</p>
      ) : (
        <ul className="reports" data-testid="comments">
          {task.comments.map((c) => (
            <li key={c.id} className="report">
              <span className="report-meta">
                {names.get(c.by) ?? c.by} · {formatDateTime(c.at)}
              </span>
              {c.text && <span>{c.text}</span>}
              <AttachmentList refs={c.attachments} />
            </li>
          ))}
        </ul>
      )}
      {writable && (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <TextField
            label={t('detail.commentText')}
            name="comment"
            value={text}
            onChange={setText}
            max={MAX_COMMENT}
            rows={2}
            error={error}
          />
          <AttachmentPicker files={files} onChange={setFiles} onBusy={setPreparing} />
          <button type="submit" className="button" disabled={preparing}>
            {t('detail.sendComment')}
          </button>
        </form>
      )}
    </section>
  );
}
