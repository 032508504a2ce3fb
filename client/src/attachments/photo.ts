/**
 * Photos prepared on the device before they are queued (docs/design.md §13): a phone camera's
 * 12-megapixel JPEG (4-6 MB) becomes about 0.5 MB at 2,048 px on the longest side, which is
 * what a weak link in a ward office can carry. Re-encoding through a canvas also drops every
 * EXIF field, location included; the person may keep the location, and then it travels as
 * two numbers in the attachment's reference, shown next to the photo, not hidden in the file.
 */

export const DEFAULT_MAX_SIDE = 2048;
/** Previews are drawn this wide at most: sharp at 2× on a phone's 300-px column. */
const THUMB_SIDE = 640;
const SETTINGS_KEY = 'thongsuot.photo';

export interface PhotoSettings {
  /** Longest side in pixels after downscaling. */
  readonly maxSide: number;
  /** Keep where the photo was taken (as the reference's `location`). */
  readonly keepLocation: boolean;
}

/** Device settings (this phone's camera, this person's choice): kept in localStorage. */
export function photoSettings(): PhotoSettings {
  try {
    const raw = globalThis.localStorage?.getItem(SETTINGS_KEY);
    const parsed = raw ? (JSON.parse(raw) as Partial<PhotoSettings>) : {};
    const maxSide = Number(parsed.maxSide);
    return {
      maxSide: Number.isInteger(maxSide) && maxSide >= 320 && maxSide <= 8192 ? maxSide : DEFAULT_MAX_SIDE,
      keepLocation: parsed.keepLocation === true,
    };
  } catch {
    return { maxSide: DEFAULT_MAX_SIDE, keepLocation: false };
  }
}

export function savePhotoSettings(settings: PhotoSettings): void {
  globalThis.localStorage?.setItem(SETTINGS_KEY, JSON.stringify(settings));
}

/** Images a canvas re-encodes without loss of meaning (an animated GIF or an SVG is kept as it is). */
const REENCODED = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heif',
  'image/avif',
  'image/bmp',
]);

export function isPhoto(type: string): boolean {
  return REENCODED.has(type.toLowerCase());
}

export interface PreparedPhoto {
  readonly data: Blob;
  readonly name: string;
  readonly mimeType: string;
  readonly width: number;
  readonly height: number;
  readonly thumb?: Blob;
  readonly location?: { readonly lat: number; readonly lon: number };
}

/** The size a picture takes when its longest side is at most `maxSide` (never enlarged). */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

async function draw(bitmap: ImageBitmap, width: number, height: number, type: string, quality: number): Promise<Blob> {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    context.drawImage(bitmap, 0, 0, width, height);
    return canvas.convertToBlob({ type, quality });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d context');
  context.drawImage(bitmap, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('encode failed'))), type, quality),
  );
}

/**
 * Downscales a photo (honouring its EXIF orientation) and re-encodes it as JPEG (PNG stays PNG:
 * screenshots and scans keep sharp text), which strips its metadata. Reads the location first
 * when the person keeps it.
 */
export async function preparePhoto(file: Blob, name: string, settings: PhotoSettings): Promise<PreparedPhoto> {
  const location = settings.keepLocation ? await locationOf(file) : undefined;
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const size = fitWithin(bitmap.width, bitmap.height, settings.maxSide);
    const png = file.type === 'image/png';
    const type = png ? 'image/png' : 'image/jpeg';
    const data = await draw(bitmap, size.width, size.height, type, 0.85);
    const thumbSize = fitWithin(bitmap.width, bitmap.height, THUMB_SIDE);
    const thumb = await draw(bitmap, thumbSize.width, thumbSize.height, 'image/jpeg', 0.7);
    const base = name.replace(/\.[^.]+$/, '') || 'anh';
    return {
      data,
      name: `${base}.${png ? 'png' : 'jpg'}`,
      mimeType: type,
      width: size.width,
      height: size.height,
      thumb,
      ...(location ? { location } : {}),
    };
  } finally {
    bitmap.close();
  }
}

/** A small preview of an image already on the device (downloaded files). */
export async function thumbnailOf(file: Blob): Promise<Blob | undefined> {
  if (typeof createImageBitmap === 'undefined') return undefined;
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const size = fitWithin(bitmap.width, bitmap.height, THUMB_SIDE);
    return await draw(bitmap, size.width, size.height, 'image/jpeg', 0.7);
  } finally {
    bitmap.close();
  }
}

/**
 * Where a photo was taken, from its EXIF GPS fields. exifr (loaded only when the person keeps
 * locations) parses the TIFF/EXIF structures of JPEG, HEIC and PNG; hand-parsing them is where
 * bugs live.
 */
async function locationOf(file: Blob): Promise<{ lat: number; lon: number } | undefined> {
  try {
    const { gps } = await import('exifr');
    const found = await gps(file);
    if (!found || !Number.isFinite(found.latitude) || !Number.isFinite(found.longitude)) return undefined;
    return { lat: Math.round(found.latitude * 1e6) / 1e6, lon: Math.round(found.longitude * 1e6) / 1e6 };
  } catch {
    return undefined;
  }
}
