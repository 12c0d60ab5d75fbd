import { useMemo } from "react";
import { encode } from "uqr";

/**
 * The join URL as a QR code, drawn as one SVG path so it stays sharp at any projector size. Always dark on white
 * (also in the dark theme): phone cameras read that best. Medium error correction survives a dusty projector.
 */
export function QrCode({ value, label }: { value: string; label: string }) {
  const { size, path } = useMemo(() => {
    const qr = encode(value, { ecc: "M", border: 2 });
    let d = "";
    qr.data.forEach((row, y) => {
      row.forEach((dark, x) => {
        if (dark) d += `M${x},${y}h1v1h-1z`;
      });
    });
    return { size: qr.size, path: d };
  }, [value]);
  return (
    <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} shapeRendering="crispEdges" className="h-full w-full rounded-xl bg-white">
      <rect width={size} height={size} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
