import { StoredEventSchema } from "@/lib/session";

/**
 * One-time set-ups the first frame needs, done while the page waits for the server to send the log (the main thread
 * is idle then): zod compiles a schema on its first use, and the first number formatted for a locale loads its data.
 * Together ~20 ms that would otherwise sit between the log arriving and the first picture.
 */
export function warmUp(): void {
  StoredEventSchema.safeParse({ seq: 2, at: 0, event: { type: "player.joined", playerId: "warm-up", nickname: "warm-up" } });
  (0).toLocaleString("en");
}
