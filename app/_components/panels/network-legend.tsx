/** How to read the network diagram's links, under the diagram on the console and in the replay. */
export function NetworkLegend({ paramCount, thickerClassName }: { paramCount: number; thickerClassName?: string }) {
  return (
    <>
      <span>
        <span aria-hidden className="mr-1 inline-block h-1 w-6 bg-positive align-middle" /> positive
      </span>
      <span>
        <span aria-hidden className="mr-1 inline-block w-6 border-t-4 border-dashed border-negative align-middle" /> negative
      </span>
      <span className={thickerClassName}>thicker = larger{paramCount > 2 ? " · tabs = biases" : ""}</span>
    </>
  );
}
