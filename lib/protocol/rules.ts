import { z } from "zod";
import { MAX_WHAT_IF_STEPS } from "@/lib/engine";

/** Learning rates students may guess, unless a session narrows them. Log-slider ends. */
export const ALPHA_LIMITS = { min: 1e-6, max: 100, defaultMin: 1e-4, defaultMax: 10 } as const;
/** A round's horizon k: students guess the α that does best after k steps, which the engine's what-if scores. */
export const MAX_HORIZON_STEPS = MAX_WHAT_IF_STEPS;
/** The most steps one "run k steps" command (and so one network.stepped event) may take. */
export const MAX_RUN_STEPS = 100;
export const ROUND_TIMER_LIMITS = { min: 5, max: 600 } as const;

/** Rules chosen when a session is created. */
export const SessionRulesSchema = z
  .strictObject({
    /** Faster answers earn up to SPEED_BONUS_MAX extra points (proportional to the base score). */
    speedBonus: z.boolean().default(false),
    /** The projector shows pseudonyms instead of nicknames. */
    hideNicknames: z.boolean().default(false),
    alphaMin: z.number().min(ALPHA_LIMITS.min).max(ALPHA_LIMITS.max).default(ALPHA_LIMITS.defaultMin),
    alphaMax: z.number().min(ALPHA_LIMITS.min).max(ALPHA_LIMITS.max).default(ALPHA_LIMITS.defaultMax),
    /** Refuse profane nicknames (obscenity's English dataset). Logs from before this rule parse with it on. */
    profanityFilter: z.boolean().default(true),
  })
  .refine((r) => r.alphaMin < r.alphaMax, { message: "alphaMin must be below alphaMax", path: ["alphaMin"] });
export type SessionRules = z.output<typeof SessionRulesSchema>;
export type SessionRulesInput = z.input<typeof SessionRulesSchema>;

/** A finite, positive learning rate (range checks against the session's rules happen in the session). */
export const AlphaSchema = z
  .number({ error: "α must be a number" })
  .refine((a) => Number.isFinite(a) && a > 0, "α must be a finite number above 0");

/** Momentum β students may guess in a β round (the engine's own bound on β is the same 0.999). */
export const BETA_LIMITS = { min: 0, max: 0.999 } as const;

/** What a round asks the class to guess: the learning rate α, or (with momentum on) the momentum β at a fixed α. */
export const GuessKind = { alpha: "alpha", beta: "beta" } as const;
export type GuessKind = (typeof GuessKind)[keyof typeof GuessKind];
export const GuessKindSchema = z.enum(GuessKind);

/** A momentum β from 0 (plain descent) to 0.999. */
export const BetaSchema = z
  .number({ error: "β must be a number" })
  .refine((b) => Number.isFinite(b) && b >= BETA_LIMITS.min && b <= BETA_LIMITS.max, `β must be a number from ${BETA_LIMITS.min} to ${BETA_LIMITS.max}`);

/** Step policies: where the α for the shared step comes from. */
export const StepPolicy = {
  host: "host",
  median: "median",
  bestGuess: "best-guess",
  engine: "engine",
  player: "player",
} as const;
export type StepPolicy = (typeof StepPolicy)[keyof typeof StepPolicy];
export const StepPolicySchema = z.enum(StepPolicy);
