import { useId } from 'react';

/**
 * A colour legend's ramp, drawn as SVG: a gradient between two end caps whose fills are the scale's
 * exact end colours (data-end="low" / "high"), so what the legend shows can be measured.
 */
export function Ramp({ color, className, stops = 11 }: { color: (u: number) => string; className: string; stops?: number }) {
  const id = `ramp-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    <svg className={className} viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={id} x1="0" x2="1" y1="0" y2="0">
          {Array.from({ length: stops }, (_, i) => (
            <stop key={i} offset={i / (stops - 1)} stopColor={color(i / (stops - 1))} />
          ))}
        </linearGradient>
      </defs>
      <rect x="0" y="0" width="6" height="10" fill={color(0)} data-end="low" />
      <rect x="6" y="0" width="88" height="10" fill={`url(#${id})`} />
      <rect x="94" y="0" width="6" height="10" fill={color(1)} data-end="high" />
    </svg>
  );
}
