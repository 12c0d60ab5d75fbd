import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { JoinCodeSchema } from "@/lib/protocol/join-code";
import { InvalidCode } from "../_components/invalid-code";
import { StudentApp } from "../_components/student-app";

type Props = { params: Promise<{ code: string }> };

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const parsed = JoinCodeSchema.safeParse(decode((await params).code));
  return { title: parsed.success ? `Play ${parsed.data}` : "Join a session", robots: { index: false } };
}

/**
 * The student's phone. The code is checked here, on the server, with the real schema (zod never ships to phones);
 * "/play/k7p-2qx" redirects to the canonical "/play/K7P2QX" so a reload or a shared link lands on the same page.
 */
export default async function PlayPage({ params }: Props) {
  const raw = decode((await params).code);
  const parsed = JoinCodeSchema.safeParse(raw);
  if (!parsed.success) return <InvalidCode raw={raw} />;
  if (parsed.data !== raw) redirect(`/play/${parsed.data}`);
  // Keyed by code: moving from one code to another (the not-found screen's form) starts a fresh connection.
  return <StudentApp key={parsed.data} code={parsed.data} />;
}
