/** Set once the whole directory is on the device; from then on the sync socket keeps it current. */
export const DIRECTORY_DOWNLOADED_KEY = 'directoryDownloadedAt';
/** The unit pages a download in parts has stored so far (ids), so a resumed download skips them. */
export const DIRECTORY_PARTS_KEY = 'directoryPartsStored';
/** How far a download is (`DirectoryProgress`), for the directory's screen. */
export const DIRECTORY_PROGRESS_KEY = 'directoryProgress';

export interface DirectoryProgress {
  /** Unit pages stored. */
  readonly units: number;
  /** The city's unit pages, once the download has asked how the directory is cut. */
  readonly total: number | null;
}
