import type { StudentView } from "@/lib/protocol";
import type { ConnectionStatus } from "@/app/_components/ui/connection-badge";
import { formatPoints, plural } from "../_lib/format";
import type { GuessAttempt } from "../_lib/player-session";
import { verdictText } from "../_lib/verdict-text";
import { EndedScreen } from "./ended-screen";
import { GuessPanel } from "./guess-panel";
import { RevealScreen } from "./reveal-screen";
import { ClosedScreen, LobbyScreen, PausedScreen } from "./waiting-screens";

type Props = {
  view: StudentView;
  guess: GuessAttempt | null;
  lastAlpha: number | null;
  clockOffset: number;
  connection: ConnectionStatus;
  onSubmit: (alpha: number) => void;
};

/** One sentence for screen readers whenever the phase changes (the live region only speaks when its text changes). */
function announcement(view: StudentView): string {
  const { round, reveal, session } = view;
  if (session.status === "ended") return "The session has ended.";
  if (session.status === "paused") return "The session is paused.";
  if (!round) return "Waiting for the instructor to open a round.";
  if (round.status === "open") return `Round ${round.number} is open: choose a learning rate and lock it in.`;
  if (round.status === "closed") return `Round ${round.number} is closed. Waiting for the results.`;
  if (!reveal) return `Round ${round.number} results are coming.`;
  const score = reveal.mine ? `, ${plural(reveal.mine.score, "point")}` : "";
  return `Round ${round.number} results: ${verdictText(reveal.verdict, reveal.k).title}${score}.`;
}

/** Picks the screen for the session's phase; the score strip and the live announcement stay the same on all of them. */
export function PlayingScreens({ view, guess, lastAlpha, clockOffset, connection, onSubmit }: Props) {
  const { round, session, me } = view;
  const guessOfRound = round && guess?.round === round.number ? guess : null;
  return (
    <>
      <p className="sr-only" aria-live="polite">
        {announcement(view)}
      </p>
      {session.status !== "ended" ? (
        <p className="flex flex-wrap justify-between gap-x-4 text-sm text-slate-700 dark:text-slate-300">
          <span>
            Total <strong className="text-ink tabular-nums dark:text-slate-100">{formatPoints(me.total)}</strong> pts
            {me.rank !== null ? (
              <>
                {" "}
                · rank <strong className="text-ink tabular-nums dark:text-slate-100">#{me.rank}</strong> of {session.playerCount}
              </>
            ) : null}
          </span>
          <span>{plural(session.playerCount, "player")}</span>
        </p>
      ) : null}
      {session.status === "ended" ? (
        <EndedScreen view={view} />
      ) : session.status === "paused" ? (
        <PausedScreen view={view} guess={guessOfRound} />
      ) : !round ? (
        <LobbyScreen view={view} />
      ) : round.status === "open" ? (
        <GuessPanel
          key={round.number}
          round={round}
          alphaMin={session.alphaMin}
          alphaMax={session.alphaMax}
          rules={session.rules}
          guess={guessOfRound}
          lastAlpha={lastAlpha}
          clockOffset={clockOffset}
          connection={connection}
          onSubmit={onSubmit}
        />
      ) : round.status === "revealed" && view.reveal ? (
        <RevealScreen view={view} reveal={view.reveal} />
      ) : (
        <ClosedScreen view={view} guess={guessOfRound} />
      )}
    </>
  );
}
