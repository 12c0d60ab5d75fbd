"use client";
import { useCallback, useState } from "react";
import { LeaderboardList, type RankedPlayer } from "@/app/_components/pictures/leaderboard-list";
import { CalibrationBoard } from "@/app/_components/mastery/calibration-board";
import { GuessTable } from "@/app/_components/stages/guess-table";
import type { DiagramMode } from "@/app/_components/pictures/network-diagram";
import type { HostView } from "@/lib/protocol";
import type { Exec } from "./command-runner";
import { ConsoleHeader } from "./console-header";
import { EndedCard } from "./ended-card";
import { nameLookup } from "@/lib/session";
import { LossPanel } from "@/app/_components/panels/loss-panel";
import { ModelPanel } from "@/app/_components/panels/model-panel";
import { comparisonOf } from "@/app/_components/pictures/momentum-compare";
import { NetworkPanel } from "./network-panel";
import { consoleGates } from "./offline-gates";
import { PlayersList } from "./players-list";
import { RoundControls } from "./round-controls";
import { SessionControls } from "./session-controls";
import { SideTabs } from "./side-tabs";
import { Stage } from "./stage";
import { StepControls } from "./step-controls";
import { ToastStack } from "./toast-stack";
import type { HostConnection } from "./use-host-connection";
import { useEngineState } from "./use-engine-state";
import type { Preferences } from "@/app/_lib/use-preferences";
import { useToasts } from "./use-toasts";

/**
 * A choice the instructor made for one moment of the lesson (show the join screen, open the chain rule, pick a
 * tab). It lapses when the round moves on, so e.g. opening a round always brings its countdown to the stage.
 */
type Momentary<T> = { value: T; moment: string } | null;
const momentOf = (view: HostView) => `${view.session.status}:${view.round?.number ?? 0}:${view.round?.status ?? "none"}`;
function current<T>(choice: Momentary<T>, moment: string): T | undefined {
  return choice && choice.moment === moment ? choice.value : undefined;
}

export function ConsoleView({
  view,
  connection,
  prefs,
  setPrefs,
}: {
  view: HostView;
  connection: HostConnection;
  prefs: Preferences;
  setPrefs: (change: Partial<Preferences>) => void;
}) {
  const state = useEngineState(view.engine);
  const { toasts, push, dismiss } = useToasts();
  const [busy, setBusy] = useState<string | null>(null);
  const [anonymiseChoice, setAnonymise] = useState<boolean | null>(null);
  const [joinChoice, setJoinChoice] = useState<Momentary<boolean>>(null);
  const [focusChoice, setFocusChoice] = useState<Momentary<number>>(null);
  const [tabChoice, setTabChoice] = useState<Momentary<string>>(null);
  const [sampleIndex, setSampleIndex] = useState(0);
  const [mode, setMode] = useState<DiagramMode>("weights");
  // What the last command did, shown in the controls (not floating over the pictures the class is reading).
  const [lastAction, setLastAction] = useState<string | null>(null);
  const { run } = connection;

  const exec = useCallback<Exec>(
    async (event, payload, describe) => {
      setBusy(event);
      const ack = await run(event, payload);
      setBusy(null);
      if (!ack.ok) {
        push("error", ack.message);
        return false;
      }
      const text = describe?.(ack);
      if (text) setLastAction(text);
      return true;
    },
    [run, push],
  );

  const moment = momentOf(view);
  const gates = consoleGates(view.gates, connection.status === "online");
  const anonymise = anonymiseChoice ?? view.session.rules.hideNicknames;
  const nameOf = nameLookup(view.players, anonymise);
  const active = view.players.filter((p) => !p.kicked);
  const round = view.round;
  const roundOpen = round?.status === "open";
  const answered = roundOpen ? round.guesses.length : 0;
  const showJoin = current(joinChoice, moment) ?? (view.session.status === "lobby" && round === null);
  const focusParam = current(focusChoice, moment);
  const selectedParam = focusParam !== undefined && focusParam < state.network.paramCount ? focusParam : null;
  const ranked: RankedPlayer[] = view.leaderboard.map((e) => ({ ...e, name: nameOf(e.playerId) }));
  const defaultTab = round?.status === "revealed" || view.session.status === "ended" ? "leaderboard" : "players";
  const tab = current(tabChoice, moment) ?? defaultTab;
  // Rounds are revealed in order (skipping a reveal is rare), so this is the latest revealed round's number.
  const latestRevealed = round ? (round.status === "revealed" ? round.number : round.number - 1) : 0;
  const presenter = prefs.presenter;
  const ended = view.session.status === "ended";
  const stageFull = showJoin && selectedParam === null && !ended;
  // Charts on the stage (reveal, chain rule, podium) get more of the height than the pictures below them.
  const stageTall = selectedParam !== null || ended || (round?.status === "revealed" && !showJoin);

  const selectParam = (index: number | null) => {
    setFocusChoice(index === null ? null : { value: index, moment });
  };

  const layout = presenter
    ? "flex h-dvh flex-col overflow-hidden"
    : "flex min-h-dvh flex-col";
  const main = presenter
    ? "grid min-h-0 flex-1 grid-cols-[minmax(0,1fr)_24rem] gap-3 p-3 2xl:grid-cols-[minmax(0,1fr)_28rem]"
    : "grid gap-3 p-3 lg:grid-cols-[minmax(0,1fr)_24rem]";
  const left = presenter
    ? `grid min-h-0 gap-3 ${stageFull ? "grid-rows-1" : stageTall ? "grid-rows-[minmax(0,1.3fr)_minmax(0,1fr)]" : "grid-rows-[minmax(0,1fr)_minmax(0,1fr)]"}`
    : "flex flex-col gap-3";
  const stageBox = presenter ? "min-h-0" : stageFull ? "min-h-[32rem]" : "h-[30rem]";
  const pictures = presenter
    ? "grid min-h-0 grid-cols-[minmax(0,1.15fr)_minmax(0,1fr)_minmax(0,1fr)] gap-3"
    : "grid gap-3 md:grid-cols-2 xl:grid-cols-3 [&>*]:h-[26rem]";

  return (
    <div className={layout}>
      <ConsoleHeader
        view={view}
        connection={connection.status}
        problem={connection.problem}
        playerCount={active.length}
        toggles={{
          anonymise,
          onAnonymise: setAnonymise,
          dark: prefs.theme === "dark",
          onDark: (dark) => setPrefs({ theme: dark ? "dark" : "light" }),
          presenter,
          onPresenter: (p) => setPrefs({ presenter: p }),
          joinShown: showJoin,
          onJoinShown: (show) => setJoinChoice({ value: show, moment }),
        }}
      />
      {connection.status !== "online" && (
        <p role="status" className="bg-amber-100 px-4 py-1 text-base font-semibold text-amber-950 dark:bg-amber-900 dark:text-amber-50">
          {connection.status === "refused"
            ? `The server refused this console: ${connection.problem ?? "unknown reason"}`
            : "Connection lost: reconnecting… The pictures show the last state received; controls are paused until it is back."}
        </p>
      )}
      <main className={main}>
        <div className={left}>
          <section aria-label="Stage" className={`relative rounded-2xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900 ${stageBox}`} data-testid="stage">
            <Stage
              view={view}
              state={state}
              clockOffset={connection.clockOffset}
              nameOf={nameOf}
              ranked={ranked}
              activeCount={active.length}
              showJoin={showJoin}
              chainRule={
                selectedParam === null
                  ? null
                  : { paramIndex: selectedParam, sampleIndex, onSampleChange: setSampleIndex, onClose: () => selectParam(null) }
              }
            />
          </section>
          {!stageFull && (
            <div className={pictures}>
              <NetworkPanel state={state} mode={mode} onModeChange={setMode} selected={selectedParam} onSelect={selectParam} />
              <ModelPanel state={state} history={view.history} comparison={comparisonOf(view)} />
              <LossPanel history={view.history} />
            </div>
          )}
        </div>
        <aside aria-label="Instructor controls" className={`flex flex-col gap-3 ${presenter ? "min-h-0 overflow-y-auto" : ""}`}>
          {ended ? (
            <EndedCard />
          ) : (
            <div className="flex flex-col gap-4 rounded-2xl border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-800 dark:bg-slate-900">
              <RoundControls view={view} gates={gates} busy={busy} exec={exec} answered={answered} total={active.length} />
              <hr className="border-slate-200 dark:border-slate-700" />
              <StepControls view={view} gates={gates} busy={busy} exec={exec} nameOf={nameOf} />
              <p
                role="status"
                className={`rounded-lg bg-emerald-50 px-3 py-1.5 text-base text-emerald-950 dark:bg-emerald-950 dark:text-emerald-50 ${lastAction ? "" : "sr-only"}`}
              >
                {lastAction && (
                  <>
                    <span aria-hidden>✓ </span>
                    {lastAction}
                  </>
                )}
              </p>
              <hr className="border-slate-200 dark:border-slate-700" />
              <SessionControls view={view} gates={gates} busy={busy} exec={exec} />
            </div>
          )}
          <div className={`flex flex-col rounded-2xl border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-800 dark:bg-slate-900 ${presenter ? "min-h-64 flex-1" : "min-h-80"}`}>
            <SideTabs
              selected={tab}
              onSelect={(id) => setTabChoice({ value: id, moment })}
              tabs={[
                {
                  id: "players",
                  label: `Players (${active.length})`,
                  content: <PlayersList players={view.players} nameOf={nameOf} roundOpen={roundOpen} kickGate={gates["player:kick"]} exec={exec} />,
                },
                {
                  id: "leaderboard",
                  label: "Leaderboard",
                  content: (
                    <div className="flex flex-col gap-3">
                      <LeaderboardList entries={ranked} limit={5} showMovement={latestRevealed >= 2} />
                      <h3 className="text-base font-bold">Best calibrated</h3>
                      <CalibrationBoard entries={view.calibrationBoard} nameOf={nameOf} limit={3} />
                    </div>
                  ),
                },
                { id: "results", label: "Results", content: <GuessTable round={view.round} nameOf={nameOf} /> },
              ]}
            />
          </div>
        </aside>
      </main>
      <ToastStack toasts={toasts} onDismiss={dismiss} />
    </div>
  );
}
