import { z } from "zod";
import { ErrorCode } from "./error-codes";
import { StepPolicySchema } from "./rules";

/**
 * Whether a command would be accepted right now, and if not the refusal's code and reason (shown as the button's
 * title and read by screen readers). Computed by the server from the same checks that answer the command.
 */
export const GateSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), code: z.enum(ErrorCode), why: z.string() }),
]);
export type Gate = z.infer<typeof GateSchema>;

/**
 * A step policy's gate: when it is open and the policy picks α itself (median, best guess, the engine's best), the α
 * (and whose guess) the step would use, so the console can show it without re-implementing the choice. After a β
 * round a class policy steps at that round's fixed α with the class's β: `beta` says which (absent = the
 * configuration's β, or plain descent).
 */
export const StepGateSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), alpha: z.number().optional(), beta: z.number().optional(), playerId: z.string().nullable().optional() }),
  z.object({ ok: z.literal(false), code: z.enum(ErrorCode), why: z.string() }),
]);
export type StepGate = z.infer<typeof StepGateSchema>;

/** One gate per host command; stepping has one per step policy (they are refused for different reasons). */
export const HostGatesSchema = z.object({
  "round:open": GateSchema,
  /** Opening a round on β instead of α: refused without momentum, and for every reason "round:open" is. */
  "round:open-beta": GateSchema,
  "round:close": GateSchema,
  "round:reveal": GateSchema,
  "network:step": z.record(StepPolicySchema, StepGateSchema),
  "network:run": GateSchema,
  "network:reset": GateSchema,
  "session:pause": GateSchema,
  "session:resume": GateSchema,
  "session:end": GateSchema,
  "session:lock": GateSchema,
  "player:kick": GateSchema,
});
export type HostGates = z.infer<typeof HostGatesSchema>;

/** What a phone may do next: whether a guess would be accepted now (paused, no round open, guess limit reached…). */
export const StudentGatesSchema = z.object({ "guess:submit": GateSchema });
export type StudentGates = z.infer<typeof StudentGatesSchema>;
