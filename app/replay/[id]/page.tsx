import type { Metadata } from "next";
import { preload } from "react-dom";
import { ReplayViewer } from "@/app/replay/_components/replay-viewer";
import { replayUrl } from "@/app/replay/_components/replay-url";

export const metadata: Metadata = {
  title: "Replay",
  // Replays name students; keep them out of search indexes.
  robots: { index: false, follow: false },
};

export default async function ReplayPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Starts downloading the log with the HTML, before the page's scripts have loaded; the viewer's fetch (same URL,
  // same credentials mode) picks up that download instead of starting its own.
  preload(replayUrl(id), { as: "fetch", crossOrigin: "anonymous" });
  return <ReplayViewer sessionId={id} />;
}
