import type { SVGProps } from 'react';

export interface IconProps extends SVGProps<SVGSVGElement> {
  size?: number;
}

/** Makes a stroke icon (24×24 grid, round joins) from SVG path data; features make their own the same way. */
export function makeIcon(paths: string[], circles: [number, number, number][] = []) {
  function Icon({ size = 16, ...rest }: IconProps) {
    return (
      <svg
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.8}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        {...rest}
      >
        {paths.map((d) => (
          <path key={d} d={d} />
        ))}
        {circles.map(([cx, cy, r]) => (
          <circle key={`${cx},${cy}`} cx={cx} cy={cy} r={r} />
        ))}
      </svg>
    );
  }
  return Icon;
}

export const IconPlus = makeIcon(['M12 5v14', 'M5 12h14']);
export const IconX = makeIcon(['M18 6L6 18', 'M6 6l12 12']);
export const IconCheck = makeIcon(['M5 12l5 5L20 7']);
export const IconSearch = makeIcon(['M21 21l-5.2-5.2'], [[10, 10, 7]]);
export const IconFolder = makeIcon(['M5 4h4l3 3h7a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2']);
export const IconFolderPlus = makeIcon(['M5 4h4l3 3h7a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2', 'M12 10v6', 'M9 13h6']);
export const IconDots = makeIcon([], [
  [12, 5, 1],
  [12, 12, 1],
  [12, 19, 1],
]);
export const IconPencil = makeIcon(['M4 20h4L18.5 9.5a2.83 2.83 0 0 0-4-4L4 16v4', 'M13.5 6.5l4 4']);
export const IconTrash = makeIcon(['M4 7h16', 'M10 11v6', 'M14 11v6', 'M5 7l1 12a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2l1-12', 'M9 7V4a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v3']);
export const IconSettings = makeIcon(['M4 6h8', 'M16 6h4', 'M4 12h2', 'M10 12h10', 'M4 18h11', 'M19 18h1'], [
  [14, 6, 2],
  [8, 12, 2],
  [17, 18, 2],
]);
export const IconUndo = makeIcon(['M9 14L4 9l5-5', 'M4 9h10.5a5.5 5.5 0 0 1 0 11H11']);
export const IconRedo = makeIcon(['M15 14l5-5-5-5', 'M20 9H9.5a5.5 5.5 0 0 0 0 11H13']);
export const IconTag = makeIcon([
  'M3 6v5.17a2 2 0 0 0 .59 1.42l7.71 7.71a2.41 2.41 0 0 0 3.41 0l5.58-5.58a2.41 2.41 0 0 0 0-3.41l-7.71-7.71A2 2 0 0 0 11.17 3H6a3 3 0 0 0-3 3z',
], [[7.5, 7.5, 1]]);
export const IconPhoto = makeIcon(['M6 3h12a3 3 0 0 1 3 3v12a3 3 0 0 1-3 3H6a3 3 0 0 1-3-3V6a3 3 0 0 1 3-3', 'M21 15l-5-5L5 21'], [[8.5, 8.5, 1.5]]);
export const IconUpload = makeIcon(['M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2', 'M7 9l5-5 5 5', 'M12 4v12']);
export const IconExport = makeIcon(['M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2', 'M7 11l5 5 5-5', 'M12 4v12']);
export const IconAlert = makeIcon(['M12 9v4', 'M10.24 3.96L2.51 17a2 2 0 0 0 1.71 3h15.56a2 2 0 0 0 1.71-3L13.76 3.96a2 2 0 0 0-3.52 0z', 'M12 17h.01']);
export const IconCaption = makeIcon(['M4 6h16', 'M4 12h16', 'M4 18h10']);
export const IconChevronDown = makeIcon(['M6 9l6 6 6-6']);
export const IconSortAsc = makeIcon(['M4 15l3 3 3-3', 'M7 6v12', 'M14 6h6', 'M14 11h4', 'M14 16h2']);
export const IconSortDesc = makeIcon(['M4 9l3-3 3 3', 'M7 6v12', 'M14 6h2', 'M14 11h4', 'M14 16h6']);
export const IconGrid = makeIcon(['M4 4h6v6H4z', 'M14 4h6v6h-6z', 'M4 14h6v6H4z', 'M14 14h6v6h-6z']);
export const IconList = makeIcon(['M9 6h11', 'M9 12h11', 'M9 18h11', 'M5 6v.01', 'M5 12v.01', 'M5 18v.01']);

/** Atelier's mark: an "A" on the accent colour. */
export function Logo({ size = 18 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      <rect x="2" y="2" width="20" height="20" rx="5" fill="var(--mantine-primary-color-filled)" />
      <path d="M7 17l3.5-9h3L17 17M8.6 13.5h6.8" stroke="#fff" strokeWidth="1.9" fill="none" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
