"use client";
import { useEffect, useId, useRef, type ReactNode } from "react";
import { ConsoleButton } from "./console-button";

/**
 * A modal question for actions that cannot be undone (end the session, remove a student). The native <dialog>
 * traps focus, closes on Escape and returns focus to the button that opened it.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      aria-labelledby={titleId}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-2xl bg-white p-6 text-slate-900 shadow-2xl backdrop:bg-slate-950/60 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id={titleId} className="text-2xl font-bold">
        {title}
      </h2>
      <div className="mt-3 text-lg text-slate-700 dark:text-slate-300">{children}</div>
      <div className="mt-6 flex justify-end gap-3">
        <ConsoleButton tone="secondary" onClick={onCancel} autoFocus>
          Cancel
        </ConsoleButton>
        <ConsoleButton tone="danger" onClick={onConfirm}>
          {confirmLabel}
        </ConsoleButton>
      </div>
    </dialog>
  );
}
