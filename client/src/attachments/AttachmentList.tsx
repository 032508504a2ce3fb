import type { AttachmentRef } from '@thongsuot/shared/model/attachment';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../i18n/i18n.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { type FetchFailure, fetchAttachment } from './downloader.ts';
import { isInlineImage, kindOf } from './file-kind.ts';
import './attachments.css';

/** The files of one item: photos inline, PDFs in the browser's viewer, the rest as rows. */
export function AttachmentList({ refs }: { refs: readonly AttachmentRef[] | undefined }) {
  if (!refs || refs.length === 0) return null;
  return (
    <ul className="attach-list" data-testid="attachments">
      {refs.map((ref) => (
        <Attachment key={ref.id} attachment={ref} />
      ))}
    </ul>
  );
}

/**
 * What the device knows of one file, from facts only: an upload row means it is still only here
 * (or on its way, with the server's offset); "saved on the server" only once the server
 * acknowledged the whole file (a finished upload, or bytes downloaded from it).
 */
function useFileFacts(sha256: string | undefined) {
  const { db, uploads } = usePlatform();
  const facts = useLiveQuery(async () => {
    if (!sha256) return { blob: undefined, upload: undefined };
    const [blob, upload] = await Promise.all([db.blobs.get(sha256), db.uploads.get(sha256)]);
    return { blob, upload };
  }, [sha256]);
  const progress = useSyncExternalStore(
    (listener) => uploads.subscribe(listener),
    () => (sha256 ? uploads.progressOf(sha256) : undefined),
  );
  return { facts, progress };
}

function useObjectUrl(blob: Blob | undefined): string | null {
  const url = useMemo(() => (blob ? URL.createObjectURL(blob) : null), [blob]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return url;
}

function Attachment({ attachment }: { attachment: AttachmentRef }) {
  const { t } = useTranslation();
  const { db, uploads } = usePlatform();
  const { facts, progress } = useFileFacts(attachment.sha256);
  const [failure, setFailure] = useState<FetchFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const blob = facts?.blob;
  const upload = facts?.upload;
  const kind = kindOf(attachment.mimeType, attachment.name);
  const image = kind === 'image' && isInlineImage(attachment.mimeType);
  // The device's preview (640 px) when it has one: sharp on a phone, light to decode in a long thread.
  const photoUrl = useObjectUrl(image ? (blob?.thumb ?? blob?.data) : undefined);

  // Photos are shown inline, so viewing the item fetches them (on demand); other files wait for a tap.
  useEffect(() => {
    if (!image || facts === undefined || blob || busy || failure !== null) return;
    let live = true;
    setBusy(true);
    void fetchAttachment(db, attachment).then((result) => {
      if (!live) return;
      setBusy(false);
      setFailure(result.ok ? null : result.why);
    });
    return () => {
      live = false;
    };
  }, [image, facts, blob, busy, failure, db, attachment]);

  // A failed fetch is tried again when the network returns, or after a while (the sender's upload may finish).
  useEffect(() => {
    if (failure === null) return;
    const again = (): void => setFailure(null);
    const timer = setTimeout(again, 30_000);
    globalThis.addEventListener('online', again);
    return () => {
      clearTimeout(timer);
      globalThis.removeEventListener('online', again);
    };
  }, [failure]);

  async function open(save: boolean): Promise<void> {
    setBusy(true);
    const result = await fetchAttachment(db, attachment);
    setBusy(false);
    if (!result.ok) {
      setFailure(result.why);
      return;
    }
    setFailure(null);
    const url = URL.createObjectURL(new Blob([result.data], { type: attachment.mimeType }));
    if (save || (kind !== 'pdf' && !image)) {
      const a = document.createElement('a');
      a.href = url;
      a.download = attachment.name;
      a.click();
    } else {
      globalThis.open(url, '_blank', 'noopener');
    }
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  // Nothing is said until the device's facts are read: an unread fact never reads as "saved".
  const state = !facts
    ? 'unknown'
    : upload
      ? upload.refused
        ? 'refused'
        : progress
          ? 'uploading'
          : 'local'
      : blob?.onServer === 1
        ? 'saved'
        : blob
          ? 'local'
          : 'remote';
  const percent = progress && progress.total > 0 ? Math.floor((progress.sent / progress.total) * 100) : 0;

  return (
    <li
      className={`attach-item ${image ? 'attach-item-photo' : 'attach-item-file'}`}
      data-testid="attachment"
      data-state={state}
      data-kind={kind}
      data-sha={attachment.sha256}
    >
      {image && (
        <button type="button" className="attach-photo" onClick={() => void open(false)}>
          {photoUrl ? (
            <img
              src={photoUrl}
              alt={t('attach.photoAlt', { name: attachment.name })}
              data-testid="attachment-image"
              {...(attachment.width && attachment.height ? { width: attachment.width, height: attachment.height } : {})}
            />
          ) : (
            <span className="attach-placeholder">{busy ? t('attach.downloading') : t('attach.type.image')}</span>
          )}
        </button>
      )}
      <div className="attach-row">
        {!image && <span className={`attach-icon attach-icon-${kind}`} aria-hidden="true" />}
        <span className="attach-name">
          {attachment.name}
          <span className="muted">
            {t(`attach.type.${kind}`)} · {formatBytes(attachment.size)}
          </span>
        </span>
      </div>
      {attachment.location && (
        <span className="muted attach-location">
          {t('attach.location', { lat: attachment.location.lat, lon: attachment.location.lon })}
        </span>
      )}
      <div className="attach-foot">
        <span className={`attach-state state-${state}`} data-testid="attachment-state">
          {state === 'refused'
            ? t('attach.refused', { reason: upload?.lastError ?? '' })
            : state === 'uploading'
              ? t('attach.uploading', { percent })
              : state === 'local'
                ? t('attach.local')
                : state === 'saved'
                  ? t('attach.saved')
                  : state === 'unknown'
                    ? ''
                    : failure
                      ? t(`attach.${failure === 'not_on_server' ? 'notOnServer' : failure}`)
                      : t('attach.notDownloaded')}
        </span>
        {state === 'refused' && (
          <button
            type="button"
            className="button attach-open"
            onClick={() => void uploads.retry(attachment.sha256 ?? '')}
          >
            {t('attach.retry')}
          </button>
        )}
        {!image && (
          <button type="button" className="button attach-open" onClick={() => void open(false)} disabled={busy}>
            {busy ? t('attach.downloading') : kind === 'pdf' ? t('attach.openPdf') : t('attach.save')}
          </button>
        )}
      </div>
    </li>
  );
}
