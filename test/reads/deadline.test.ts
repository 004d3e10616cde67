import { expect, it } from "vitest";
import { DomainError } from "../../src/core/errors.ts";
import { withDeadline } from "../../src/reads/deadline.ts";

it("passes the result through when the work finishes first", async () => {
  await expect(withDeadline(1_000, "x", async () => 42)).resolves.toBe(42);
  await expect(withDeadline(1_000, "x", () => Promise.reject(new Error("own")))).rejects.toThrow("own");
});

it("a hanging read becomes a timeout DomainError, and the work's signal is aborted", async () => {
  let seen: AbortSignal | undefined;
  const p = withDeadline(20, "the reads for shop-api", (signal) => {
    seen = signal;
    // Rejects when aborted, like the SDK does; the deadline's own error must still win.
    return new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("AbortError"))));
  });
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  expect(err).toMatchObject({
    kind: "timeout",
    userMessage: "Azure did not answer the reads for shop-api within 20 ms.",
  });
  expect(seen?.aborted).toBe(true);
});
