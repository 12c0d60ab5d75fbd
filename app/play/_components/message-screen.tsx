import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClasses } from "@/app/_components/ui/button";

/** A whole-screen message (not found, removed, ended…): a heading that says what happened, then what to do. */
export function MessageScreen({ title, children, icon }: { title: string; children?: ReactNode; icon?: string }) {
  return (
    <section className="flex flex-1 flex-col justify-center gap-4 py-6" aria-labelledby="message-title">
      {icon ? (
        <span aria-hidden="true" className="text-5xl">
          {icon}
        </span>
      ) : null}
      <h1 id="message-title" className="text-2xl font-bold leading-tight">
        {title}
      </h1>
      <div className="flex flex-col gap-4 text-lg text-slate-800 dark:text-slate-200">{children}</div>
    </section>
  );
}

/** A message after which this session has nothing more for the student: say why, and lead back to the start. */
export function ExitScreen({ title, reason }: { title: string; reason: string }) {
  return (
    <MessageScreen title={title}>
      <p>{reason}</p>
      <Link href="/" prefetch={false} className={buttonClasses("secondary", "lg")}>
        Back to the start
      </Link>
    </MessageScreen>
  );
}
