import { JoinForm } from "@/app/_components/landing/join-form";
import { MessageScreen } from "./message-screen";

/** /play/<something that cannot be a join code>: say so and offer the code box right here. */
export function InvalidCode({ raw }: { raw: string }) {
  return (
    <div className="mx-auto flex min-h-dvh w-full max-w-lg flex-col px-4 py-6">
      <MessageScreen title="That link has no valid join code">
        <p>
          “<span className="font-mono break-all">{raw.slice(0, 40)}</span>” is not a join code. Codes are 6 letters or
          digits, shown on the projector.
        </p>
        <JoinForm compact />
      </MessageScreen>
    </div>
  );
}
