import { LineIcon } from '../shell/nav-icons.tsx';

/** Line icons for files (drawn, not emoji: some devices have no emoji font and show a box). */
const PATHS = {
  clip: 'M20 11.5l-8.2 8.2a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8',
  camera: 'M4 8h3l2-3h6l2 3h3v11H4zM12 10.5a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7',
} as const;

export function AttachIcon({ name }: { name: keyof typeof PATHS }) {
  return <LineIcon className="attach-svg" d={PATHS[name]} size={20} />;
}
