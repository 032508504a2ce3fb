import { type PreparedFile, refusalOf, sha256Of } from './attachment-store.ts';
import { isPhoto, type PhotoSettings, photoSettings, preparePhoto } from './photo.ts';

export type Prepared =
  | { readonly ok: true; readonly file: PreparedFile }
  | { readonly ok: false; readonly message: string };

/**
 * A chosen file made ready to attach: photos downscaled and stripped of their metadata on the
 * device (photo.ts), every file hashed, then checked against the per-file cap — after
 * downscaling, so a 30 MB camera photo that becomes 600 KB is accepted.
 */
export async function prepareFile(file: File, settings: PhotoSettings = photoSettings()): Promise<Prepared> {
  try {
    if (isPhoto(file.type) && typeof createImageBitmap !== 'undefined') {
      const photo = await preparePhoto(file, file.name, settings).catch(() => null);
      if (photo) {
        const refusal = refusalOf(photo.data);
        if (refusal) return { ok: false, message: refusal };
        return { ok: true, file: { ...photo, sha256: await sha256Of(photo.data) } };
      }
    }
    const refusal = refusalOf(file);
    if (refusal) return { ok: false, message: `${file.name}: ${refusal}` };
    return {
      ok: true,
      file: {
        data: file,
        name: file.name || 'tep',
        mimeType: file.type || 'application/octet-stream',
        sha256: await sha256Of(file),
      },
    };
  } catch {
    return { ok: false, message: `Không đọc được tệp “${file.name}”.` };
  }
}
