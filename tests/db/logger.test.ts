import { describe, expect, it } from "vitest";
import { redactConnectionString } from "@/lib/db/logger";

describe("redactConnectionString", () => {
  it("hides passwords in the userinfo and in the query string, keeps the rest", () => {
    expect(redactConnectionString("postgresql://app:s3cr%40t@db.example:5432/main?sslmode=require")).toBe(
      "postgresql://app:***@db.example:5432/main?sslmode=require",
    );
    expect(redactConnectionString("postgresql://app@db/main?password=s3cret")).toBe(
      "postgresql://app@db/main?password=***",
    );
    expect(redactConnectionString("postgresql://postgres@127.0.0.1:5432/test")).toBe(
      "postgresql://postgres@127.0.0.1:5432/test",
    );
  });

  it("withholds anything that is not a URL", () => {
    expect(redactConnectionString("host=db password=s3cret")).not.toContain("s3cret");
  });
});
