import type { Metadata } from "next";
import { HostConsole } from "../_components/host-console";

export const metadata: Metadata = {
  title: "Instructor console",
  // The console is private to the instructor's browser; keep it out of search indexes.
  robots: { index: false, follow: false },
};

export default async function HostPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  return <HostConsole sessionId={sessionId} />;
}
