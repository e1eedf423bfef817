export const BrandMark = ({ size = 28 }: { size?: number }) => (
  <svg aria-hidden="true" viewBox="0 0 32 32" width={size} height={size} className="brand-mark">
    <rect width="32" height="32" rx="8" fill="currentColor" />
    <path
      d="M9 23l7-14 7 14M12 18h8"
      stroke="#fff"
      strokeWidth="2.6"
      fill="none"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  </svg>
);
