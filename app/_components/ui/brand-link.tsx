import Link from "next/link";

/** "Backprop Live" in small capitals, linking home: the top of every page that is not the home page. */
export function BrandLink({ className, weight = "font-semibold" }: { className: string; weight?: "font-semibold" | "font-bold" }) {
  return (
    <Link href="/" className={`${className} text-sm ${weight} uppercase tracking-widest text-brand hover:underline dark:text-sky-300`}>
      Backprop Live
    </Link>
  );
}
