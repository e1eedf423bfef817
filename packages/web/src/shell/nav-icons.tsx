const paths = {
  home: 'M3 9.5L10 4l7 5.5V16a1 1 0 01-1 1h-4v-5H8v5H4a1 1 0 01-1-1V9.5z',
  compose: 'M4 16l1-4 8.5-8.5a2.1 2.1 0 013 3L8 15l-4 1zM12 5l3 3',
  planner:
    'M4 5.5A1.5 1.5 0 015.5 4h9A1.5 1.5 0 0116 5.5v9a1.5 1.5 0 01-1.5 1.5h-9A1.5 1.5 0 014 14.5v-9zM4 8h12M7.5 2.5v3M12.5 2.5v3',
  approvals: 'M6 10.5l2.5 2.5L14 7.5M10 17.5a7.5 7.5 0 100-15 7.5 7.5 0 000 15z',
  channels:
    'M10 11.5a1.5 1.5 0 100-3 1.5 1.5 0 000 3zM6.8 13.2a4.5 4.5 0 010-6.4M13.2 6.8a4.5 4.5 0 010 6.4M4.3 15.7a8 8 0 010-11.4M15.7 4.3a8 8 0 010 11.4',
  members:
    'M7.5 9a3 3 0 100-6 3 3 0 000 6zm-5 8c0-2.8 2.2-5 5-5s5 2.2 5 5M13.5 9a2.5 2.5 0 100-5M15 12c1.7.5 3 2.2 3 4.5',
  settings:
    'M10 12.5a2.5 2.5 0 100-5 2.5 2.5 0 000 5zM16.2 12a1.2 1.2 0 00.2 1.3l.1.1a1.5 1.5 0 11-2.1 2.1l-.1-.1a1.2 1.2 0 00-2 .9v.2a1.5 1.5 0 01-3 0v-.1a1.2 1.2 0 00-2-.9l-.1.1a1.5 1.5 0 11-2.1-2.1l.1-.1a1.2 1.2 0 00-.9-2h-.2a1.5 1.5 0 010-3h.1a1.2 1.2 0 00.9-2l-.1-.1a1.5 1.5 0 112.1-2.1l.1.1a1.2 1.2 0 002-.9v-.2a1.5 1.5 0 013 0v.1a1.2 1.2 0 002 .9l.1-.1a1.5 1.5 0 112.1 2.1l-.1.1a1.2 1.2 0 00.9 2h.2a1.5 1.5 0 010 3h-.1a1.2 1.2 0 00-1.1.7z',
  tokens:
    'M12.5 3a4.5 4.5 0 00-4.3 5.8L3 14v3h3v-2h2v-2h2l1.2-1.2A4.5 4.5 0 1012.5 3zm1.5 3.2a.8.8 0 110 1.6.8.8 0 010-1.6z',
} as const;

export type NavIconName = keyof typeof paths;

export const NavIcon = ({ name }: { name: NavIconName }) => (
  <svg aria-hidden="true" viewBox="0 0 20 20" width="18" height="18" className="icon">
    <path
      d={paths[name]}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  </svg>
);
