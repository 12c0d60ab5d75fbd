import { CONFIG_LIMITS, defaultConfig, type EngineConfig, type ScenarioName } from "@/lib/engine";
import { CurvePicture, DatasetPicture, ScenarioPicture } from "./_components/landing/data-picture";
import { JoinForm } from "./_components/landing/join-form";
import { CURVE_TARGETS, DATASETS, SCENARIO_CARDS, type ScenarioDefaults } from "./_components/landing/session-options";
import { StartSessionForm } from "./_components/landing/start-session-form";
import { MySessions } from "./_components/my-sessions/my-sessions";

const loopSteps = [
  {
    name: "Forward pass",
    text: "Inputs flow through the layers; every neuron weighs what it receives, adds a bias and squashes the sum. Out comes a prediction.",
  },
  {
    name: "Cost J",
    text: "One number says how wrong the predictions are across the data. Training is the search for weights that make it small.",
  },
  {
    name: "Backpropagation",
    text: "The error is passed backwards layer by layer. The chain rule turns it into a slope ∂J/∂w for every single weight.",
  },
  {
    name: "Gradient descent",
    text: "Every weight moves a little against its slope. The learning rate α decides how far: too small crawls, too large overshoots.",
  },
] as const;

const SCENARIOS: readonly ScenarioName[] = ["one-weight", "line-fit", "classification", "curve-fit"];

/** The engine's own defaults, computed here on the server and handed to the form as plain data. */
function defaultsOf(config: EngineConfig): ScenarioDefaults {
  return {
    name: config.name,
    numPoints: config.numPoints,
    noise: config.noise,
    hiddenLayers: "hiddenLayers" in config ? config.hiddenLayers : null,
    loss: "loss" in config ? config.loss : null,
  };
}

const formDefaults = Object.fromEntries(SCENARIOS.map((s) => [s, defaultsOf(defaultConfig(s))])) as Record<
  ScenarioName,
  ScenarioDefaults
>;

const pictures = {
  scenarios: Object.fromEntries(SCENARIO_CARDS.map((c) => [c.id, <ScenarioPicture key={c.id} scenario={c.id} />])),
  datasets: Object.fromEntries(DATASETS.map((d) => [d.id, <DatasetPicture key={d.id} dataset={d.id} />])),
  targets: Object.fromEntries(CURVE_TARGETS.map((t) => [t.id, <CurvePicture key={t.id} target={t.id} />])),
} as React.ComponentProps<typeof StartSessionForm>["pictures"];

const cardClass = "rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6 dark:border-slate-800 dark:bg-slate-900";

export default function HomePage() {
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-10 px-5 py-8 sm:px-8 sm:py-14 lg:py-20">
      <header className="flex flex-col gap-4">
        <p className="text-sm font-semibold uppercase tracking-widest text-brand dark:text-sky-300">Backprop Live</p>
        <h1 className="text-3xl font-bold leading-tight sm:text-5xl lg:text-6xl">
          Watch a neural network learn, one step at a time, with the whole class.
        </h1>
        <p className="max-w-3xl text-lg text-slate-700 sm:text-xl dark:text-slate-300">
          The instructor trains a shared network on the projector. Students join from their phones with a code and, in
          every round, guess the learning rate. Each guess is scored against the loss the network really reaches with
          it.
        </p>
      </header>

      <section aria-labelledby="actions-heading" className="grid grid-cols-1 items-start gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <h2 id="actions-heading" className="sr-only">
          Join or start a session
        </h2>
        <div className={`${cardClass} flex flex-col gap-3 border-2 border-brand lg:sticky lg:top-6 dark:border-sky-300`}>
          <h3 className="text-xl font-semibold sm:text-2xl">Join a session</h3>
          <p className="text-base text-slate-700 dark:text-slate-300">
            Students: type the code from the projector, or scan its QR code with your phone camera.
          </p>
          <JoinForm />
        </div>
        <div className={`${cardClass} flex flex-col gap-3`}>
          <h3 className="text-xl font-semibold sm:text-2xl">Start a session</h3>
          <p className="text-base text-slate-700 dark:text-slate-300">
            Instructors: choose what the network learns. The defaults make a good first lesson; you can fine-tune them
            below.
          </p>
          <StartSessionForm
            defaults={formDefaults}
            limits={{
              minPoints: CONFIG_LIMITS.minPoints,
              maxPoints: CONFIG_LIMITS.maxPoints,
              maxNoise: CONFIG_LIMITS.maxNoise,
              maxHiddenLayers: CONFIG_LIMITS.maxHiddenLayers,
              maxNeurons: CONFIG_LIMITS.maxNeurons,
              maxSeed: CONFIG_LIMITS.maxSeed,
            }}
            pictures={pictures}
          />
        </div>
      </section>

      <MySessions />

      <section aria-labelledby="loop-heading" className="flex flex-col gap-4">
        <h2 id="loop-heading" className="text-xl font-semibold sm:text-2xl">
          One training step, four ideas
        </h2>
        <ol className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {loopSteps.map((step, index) => (
            <li
              key={step.name}
              className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
            >
              <p className="text-sm font-semibold text-brand dark:text-sky-300">Step {index + 1}</p>
              <h3 className="mt-1 text-lg font-semibold">{step.name}</h3>
              <p className="mt-2 text-base text-slate-700 dark:text-slate-300">{step.text}</p>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="lesson-heading" className="grid gap-4 sm:grid-cols-2">
        <h2 id="lesson-heading" className="sr-only">
          How a lesson runs
        </h2>
        <div className="rounded-2xl bg-brand p-5 text-white">
          <h3 className="text-lg font-semibold">For the instructor</h3>
          <p className="mt-2 text-base">
            Pick a scenario — one weight, a line fit, a classification dataset or a curve fit — and put the console on
            the projector. Open a round, reveal the guesses on the loss-versus-α curve, then take the step.
          </p>
        </div>
        <div className="rounded-2xl border-2 border-brand p-5 dark:border-sky-300">
          <h3 className="text-lg font-semibold">For students</h3>
          <p className="mt-2 text-base text-slate-700 dark:text-slate-300">
            Open the join link or scan the code, pick a nickname, and slide to your learning rate. After the reveal you
            see your loss, your score and whether your α was too small, about right or too large.
          </p>
        </div>
      </section>
    </main>
  );
}
