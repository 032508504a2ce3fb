/** Simple line icons for the navigation, drawn here so they cost no extra request. */
const PATHS: Record<string, string> = {
  inbox: 'M3 13h5l1.5 3h5L16 13h5M5 5h14l2 8v6H3v-6z',
  tasks: 'M9 6h11M9 12h11M9 18h11M4 6l1 1 2-2M4 12l1 1 2-2M4 18l1 1 2-2',
  documents: 'M6 3h9l4 4v14H6zM15 3v4h4M9 12h7M9 16h7',
  directory: 'M6 3h12v18H6zM12 9a2 2 0 1 0 0 .01M9 16c0-2 1.5-3 3-3s3 1 3 3',
  conversations: 'M4 5h16v11H9l-5 4z',
  dashboard: 'M4 20V10M10 20V4M16 20v-7M21 20H3',
  bell: 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0',
  settings: 'M12 9a3 3 0 1 0 0 6a3 3 0 1 0 0-6M12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2',
};

/** A 24-unit line icon drawn from one path, in the current text colour. */
export function LineIcon({ d, className, size = 24 }: { d: string; className: string; size?: number }) {
  return (
    <svg
      className={className}
      viewBox="0 0 24 24"
      width={size}
      height={size}
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={d} />
    </svg>
  );
}

export function NavIcon({ name }: { name: string }) {
  return <LineIcon className="nav-icon" d={PATHS[name] ?? ''} />;
}
