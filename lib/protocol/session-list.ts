import { z } from "zod";

/** POST /api/sessions/summaries — the "My sessions" list asks about the sessions this browser created. */
export const SessionSummariesBodySchema = z.strictObject({ ids: z.array(z.string().min(1).max(64)).max(100) });

export const SessionListItemSchema = z.object({
  id: z.string(),
  joinCode: z.string(),
  createdAt: z.number(),
  title: z.string(),
  scenario: z.string(),
  status: z.string(),
  players: z.number().int(),
  rounds: z.number().int(),
  steps: z.number().int(),
});
export type SessionListItem = z.infer<typeof SessionListItemSchema>;
