import { expect, it } from "vitest";
import { Admission } from "../../src/slack/admission.ts";

it("lets waiting work start one per turn, in arrival order, once no request is being received", async () => {
  let busy = true;
  const admission = new Admission(() => busy, 10_000);
  const started: number[] = [];
  const all = [1, 2, 3].map((n) => admission.turn().then(() => started.push(n)));
  await new Promise((r) => setTimeout(r, 30));
  expect(started).toEqual([]);
  expect(admission.waiting).toBe(3);
  busy = false;
  await Promise.all(all);
  expect(started).toEqual([1, 2, 3]);
});

it("a steady stream of requests cannot hold work back past the hold limit", async () => {
  let asked = 0;
  const admission = new Admission(() => {
    asked++;
    return true;
  }, 20);
  await admission.turn(); // resolves although busy() never turns false
  expect(asked).toBeGreaterThan(1);
  expect(admission.waiting).toBe(0);
});

it("without requests, work starts on the next turn", async () => {
  const admission = new Admission();
  let started = false;
  const p = admission.turn().then(() => {
    started = true;
  });
  expect(started).toBe(false);
  await p;
  expect(started).toBe(true);
});
