"use client";
import type { HiddenLayer, LossName, ScenarioName } from "@/lib/engine";
// Deep import (not the barrel): the start form already ships this module for the CSV parser's limits.
import { CONFIG_LIMITS } from "@/lib/engine/config";
import type { FieldIssue } from "./config-issues";
import { HiddenLayersEditor } from "./hidden-layers-editor";
import { LOSSES, type FormLimits } from "./session-options";

export type AdvancedValues = {
  title: string;
  numPoints: string;
  noise: number;
  hiddenLayers: HiddenLayer[];
  loss: LossName;
  seed: string;
  speedBonus: boolean;
  hideNicknames: boolean;
  profanityFilter: boolean;
  /** How a step uses the gradient: plain descent (sends nothing) or momentum with β (text, as typed). */
  optimizer: "gd" | "momentum";
  beta: string;
};

type Props = {
  scenario: ScenarioName;
  /** The class's own points are used: their number and noise are theirs, so those inputs are off. */
  ownData: boolean;
  values: AdvancedValues;
  set: (patch: Partial<AdvancedValues>) => void;
  limits: FormLimits;
  titlePlaceholder: string;
  issues: FieldIssue[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
};

const inputClass =
  "min-h-11 w-full rounded-lg border-2 border-slate-400 bg-white px-3 text-base text-ink focus:border-brand focus:outline-3 focus:outline-brand/30 aria-invalid:border-negative disabled:cursor-not-allowed disabled:border-slate-300 disabled:bg-slate-100 disabled:text-slate-500 dark:bg-slate-900 dark:text-slate-100 dark:disabled:bg-slate-800";
const hintClass = "text-sm text-slate-700 dark:text-slate-300";

/** The server's complaint about one field, shown under it and linked with aria-describedby. */
function FieldError({ id, issues }: { id: string; issues: FieldIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <p id={id} className="text-sm font-medium text-orange-800 dark:text-orange-300">
      {issues.map((i) => `${i.label}: ${i.message}`).join(" ")}
    </p>
  );
}

/** Everything an instructor rarely needs, folded away in a <details>; the defaults make a good lesson. */
export function AdvancedOptions({ scenario, ownData, values, set, limits, titlePlaceholder, issues, open, onOpenChange }: Props) {
  const about = (field: string) => issues.filter((i) => i.field === field);
  const invalid = (field: string) => (about(field).length > 0 ? true : undefined);
  const describe = (field: string, hint: string) => (about(field).length > 0 ? `${hint} err-${field}` : hint);
  const hasNetwork = scenario === "classification" || scenario === "curve-fit";

  return (
    <details
      open={open}
      onToggle={(e) => onOpenChange(e.currentTarget.open)}
      className="rounded-xl border border-slate-300 bg-white dark:border-slate-700 dark:bg-slate-900"
    >
      <summary className="min-h-11 cursor-pointer rounded-xl px-3 py-2.5 font-semibold text-brand focus-visible:outline-3 focus-visible:outline-brand dark:text-sky-300">
        Advanced options{" "}
        <span className="text-sm font-normal text-slate-700 dark:text-slate-300">· data, network, scoring</span>
      </summary>
      <div className="flex flex-col gap-5 border-t border-slate-200 p-3 dark:border-slate-700">
        <div className="flex flex-col gap-1">
          <label htmlFor="opt-title" className="font-semibold">
            Title shown to the class
          </label>
          <input
            id="opt-title"
            className={inputClass}
            value={values.title}
            placeholder={titlePlaceholder}
            maxLength={80}
            onChange={(e) => set({ title: e.target.value })}
            aria-invalid={invalid("name")}
            aria-describedby={describe("name", "opt-title-hint")}
          />
          <p id="opt-title-hint" className={hintClass}>
            Leave empty for “{titlePlaceholder}”.
          </p>
          <FieldError id="err-name" issues={about("name")} />
        </div>

        <div className="grid gap-5 sm:grid-cols-2">
          <div className="flex flex-col gap-1">
            <label htmlFor="opt-points" className="font-semibold">
              Number of points
            </label>
            <input
              id="opt-points"
              type="number"
              inputMode="numeric"
              min={limits.minPoints}
              max={limits.maxPoints}
              step={1}
              className={inputClass}
              value={values.numPoints}
              disabled={ownData}
              onChange={(e) => set({ numPoints: e.target.value })}
              aria-invalid={invalid("numPoints")}
              aria-describedby={describe("numPoints", "opt-points-hint")}
            />
            <p id="opt-points-hint" className={hintClass}>
              {ownData ? "Your own points are used." : `${limits.minPoints} to ${limits.maxPoints}, training and test together.`}
            </p>
            <FieldError id="err-numPoints" issues={about("numPoints")} />
          </div>

          <div className="flex flex-col gap-1">
            <label htmlFor="opt-noise" className="flex justify-between font-semibold">
              Noise <output htmlFor="opt-noise" className="tabular-nums">{values.noise.toFixed(2)}</output>
            </label>
            <input
              id="opt-noise"
              type="range"
              min={0}
              max={limits.maxNoise}
              step={0.01}
              value={values.noise}
              disabled={ownData}
              onChange={(e) => set({ noise: Number(e.target.value) })}
              className="h-11 w-full accent-brand disabled:cursor-not-allowed disabled:opacity-50"
              aria-invalid={invalid("noise")}
              aria-describedby={describe("noise", "opt-noise-hint")}
            />
            <p id="opt-noise-hint" className={hintClass}>
              {ownData ? "Your points are used as measured." : `0 = points exactly on the pattern; ${limits.maxNoise} = very scattered.`}
            </p>
            <FieldError id="err-noise" issues={about("noise")} />
          </div>
        </div>

        {hasNetwork ? (
          <div className="flex flex-col gap-1">
            <HiddenLayersEditor
              layers={values.hiddenLayers}
              onChange={(hiddenLayers) => set({ hiddenLayers })}
              maxLayers={limits.maxHiddenLayers}
              maxNeurons={limits.maxNeurons}
              outputWord={scenario === "classification" ? "class" : "curve"}
              errorId={about("hiddenLayers").length > 0 ? "err-hiddenLayers" : undefined}
            />
            <FieldError id="err-hiddenLayers" issues={about("hiddenLayers")} />
          </div>
        ) : null}

        {scenario === "classification" ? (
          <fieldset className="flex flex-col gap-1">
            <legend className="font-semibold">Loss</legend>
            {LOSSES.map((loss) => (
              <label key={loss.id} className="flex min-h-11 cursor-pointer items-center gap-3">
                <input
                  type="radio"
                  name="loss"
                  value={loss.id}
                  checked={values.loss === loss.id}
                  onChange={() => set({ loss: loss.id })}
                  className="size-5 accent-brand"
                />
                <span>
                  <span className="font-medium">{loss.title}</span> <span className={hintClass}>— {loss.hint}</span>
                </span>
              </label>
            ))}
            <FieldError id="err-loss" issues={about("loss")} />
          </fieldset>
        ) : null}

        <OptimizerChoice values={values} set={set} maxBeta={CONFIG_LIMITS.maxBeta} issues={about("optimizer")} />

        <div className="flex flex-col gap-1">
          <label htmlFor="opt-seed" className="font-semibold">
            Seed
          </label>
          <input
            id="opt-seed"
            type="number"
            inputMode="numeric"
            min={0}
            max={limits.maxSeed}
            step={1}
            placeholder="random"
            className={`${inputClass} sm:max-w-60`}
            value={values.seed}
            onChange={(e) => set({ seed: e.target.value })}
            aria-invalid={invalid("seed")}
            aria-describedby={describe("seed", "opt-seed-hint")}
          />
          <p id="opt-seed-hint" className={hintClass}>
            Empty: new data and starting weights every session. A number repeats a lesson exactly.
          </p>
          <FieldError id="err-seed" issues={about("seed")} />
        </div>

        <fieldset className="flex flex-col gap-1">
          <legend className="font-semibold">Rules</legend>
          <RuleCheckbox
            label="Speed bonus"
            hint="Faster good answers earn extra points."
            checked={values.speedBonus}
            onChange={(speedBonus) => set({ speedBonus })}
          />
          <RuleCheckbox
            label="Hide nicknames on the projector"
            hint="The big screen shows generated pseudonyms instead."
            checked={values.hideNicknames}
            onChange={(hideNicknames) => set({ hideNicknames })}
          />
          <RuleCheckbox
            label="Refuse rude nicknames"
            hint="English profanity, also when spelled with look-alike letters."
            checked={values.profanityFilter}
            onChange={(profanityFilter) => set({ profanityFilter })}
          />
          <FieldError id="err-rules" issues={about("rules")} />
        </fieldset>
      </div>
    </details>
  );
}

/** Plain gradient descent or heavy-ball momentum; β is typed so 0.99 and 0.999 are as easy to enter as 0.9. */
function OptimizerChoice({ values, set, maxBeta, issues }: { values: AdvancedValues; set: Props["set"]; maxBeta: number; issues: FieldIssue[] }) {
  const momentum = values.optimizer === "momentum";
  const describedBy = issues.length > 0 ? "opt-beta-hint err-optimizer" : "opt-beta-hint";
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="font-semibold">How a step uses the gradient</legend>
      <label className="flex min-h-11 cursor-pointer items-center gap-3">
        <input
          type="radio"
          name="optimizer"
          value="gd"
          checked={!momentum}
          onChange={() => set({ optimizer: "gd" })}
          className="size-5 accent-brand"
        />
        <span>
          <span className="font-medium">Plain gradient descent</span> <span className={hintClass}>— each step moves by α times the slope</span>
        </span>
      </label>
      <label className="flex min-h-11 cursor-pointer items-center gap-3">
        <input
          type="radio"
          name="optimizer"
          value="momentum"
          checked={momentum}
          onChange={() => set({ optimizer: "momentum" })}
          className="size-5 accent-brand"
        />
        <span>
          <span className="font-medium">Momentum</span> <span className={hintClass}>— velocity: each step keeps β of the last one</span>
        </span>
      </label>
      {momentum ? (
        <div className="ml-8 flex flex-col gap-1">
          <label htmlFor="opt-beta" className="font-semibold">
            β (momentum)
          </label>
          <input
            id="opt-beta"
            type="number"
            inputMode="decimal"
            min={0}
            max={maxBeta}
            step={0.01}
            className={`${inputClass} sm:max-w-40`}
            value={values.beta}
            onChange={(e) => set({ beta: e.target.value })}
            aria-invalid={issues.length > 0 ? true : undefined}
            aria-describedby={describedBy}
          />
          <p id="opt-beta-hint" className={hintClass}>
            0 to {maxBeta}. 0 is plain descent; 0.9 is the usual choice; near 1 the steps keep rolling for long.
          </p>
          <FieldError id="err-optimizer" issues={issues} />
        </div>
      ) : (
        <FieldError id="err-optimizer" issues={issues} />
      )}
    </fieldset>
  );
}

/** One session rule on the start form: a large tap target with its name and what it does. */
function RuleCheckbox({ label, hint, checked, onChange }: { label: string; hint: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="flex min-h-11 cursor-pointer items-start gap-3 py-2">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} className="mt-0.5 size-5 shrink-0 accent-brand" />
      <span>
        <span className="font-medium">{label}</span>
        <span className={`block ${hintClass}`}>{hint}</span>
      </span>
    </label>
  );
}
