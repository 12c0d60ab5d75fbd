"use client";
import { useEffect, useState, useSyncExternalStore } from "react";
import { JoinForm } from "@/app/_components/landing/join-form";
import { Button } from "@/app/_components/ui/button";
import { PlayerSession } from "../_lib/player-session";
import { ExitScreen, MessageScreen } from "./message-screen";
import { NicknameStep } from "./nickname-step";
import { PlayHeader } from "./play-header";
import { PlayingScreens } from "./playing-screens";

/** The student's whole page: one PlayerSession (socket + state) per code, rendered screen by screen. */
export function StudentApp({ code }: { code: string }) {
  const [session] = useState(() => new PlayerSession(code));
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);
  const state = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
  const { screen } = state;
  const view = screen.kind === "playing" ? screen.view : null;
  const showConnection = screen.kind !== "kicked" && screen.kind !== "broken";

  return (
    <div className="mx-auto flex min-h-dvh w-full max-w-lg flex-col">
      <PlayHeader
        code={code}
        title={view?.session.title ?? null}
        nickname={view?.me.nickname ?? null}
        connection={showConnection ? state.connection : null}
      />
      <main className="flex flex-1 flex-col gap-4 px-4 pt-4 pb-6">
        {screen.kind === "starting" ? (
          <MessageScreen title={`Connecting to session ${code}…`}>
            <p>This takes a moment on a slow network.</p>
          </MessageScreen>
        ) : screen.kind === "not-found" ? (
          <MessageScreen title={`No session has the code ${code}`}>
            <p>Check the code on the projector and type it again.</p>
            <JoinForm compact />
          </MessageScreen>
        ) : screen.kind === "ended" ? (
          <ExitScreen title="This session has ended" reason="It is no longer taking players. Ask your instructor for the code of the current session." />
        ) : screen.kind === "kicked" ? (
          <ExitScreen title="You were removed from this session" reason="The instructor took this player out of the game. If that was a mistake, ask them about it." />
        ) : screen.kind === "broken" ? (
          <MessageScreen title="Please reload this page">
            <p>{screen.message}</p>
            <Button size="lg" onClick={() => window.location.reload()}>
              Reload
            </Button>
          </MessageScreen>
        ) : screen.kind === "nickname" ? (
          <NicknameStep
            session={screen.session}
            busy={state.join.busy}
            error={state.join.error}
            canJoin={state.connection === "connected"}
            onJoin={(nickname) => void session.join(nickname)}
          />
        ) : (
          <PlayingScreens
            view={screen.view}
            guess={state.guess}
            lastAlpha={state.lastAlpha}
            clockOffset={state.clockOffset}
            connection={state.connection}
            onSubmit={(alpha) => session.submitGuess(alpha)}
          />
        )}
      </main>
    </div>
  );
}
