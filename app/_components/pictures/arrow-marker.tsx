/** An arrowhead for SVG paths (marker-end); `id` must be unique on the page. */
export function ArrowMarker({ id, colour, size = 7 }: { id: string; colour: string; size?: number }) {
  return (
    <marker id={id} viewBox="0 0 10 10" refX="9" refY="5" markerWidth={size} markerHeight={size} orient="auto-start-reverse">
      <path d="M0,0 L10,5 L0,10 z" fill={colour} />
    </marker>
  );
}
