// The worker-thread renderer gives the same PNGs as the in-thread one and keeps the event loop free.
import { afterAll, describe, expect, it } from "vitest";
import { renderStatusChart, renderStatusChartOffThread, stopChartWorker } from "../../src/charts/index.ts";
import { memoryLeak } from "./fixtures.ts";

function statusInput() {
  const s = memoryLeak();
  return {
    appName: "shop-api",
    grids: s.grids,
    window: s.window,
    incidentWindow: s.incident,
    timeZone: "Europe/Berlin",
  };
}

afterAll(() => stopChartWorker());

describe("renderStatusChartOffThread", () => {
  it("renders the same PNG bytes as the in-thread renderer", async () => {
    const input = statusInput();
    const [off, on] = [await renderStatusChartOffThread(input), await renderStatusChart(input)];
    expect(off.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(off.equals(on)).toBe(true);
  });

  it("keeps the event loop turning while it renders", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await Promise.all(Array.from({ length: 4 }, () => renderStatusChartOffThread(statusInput())));
    clearInterval(timer);
    // Four renders take well over 20 ms of CPU; on the main thread no 1 ms timer could fire in between.
    expect(ticks).toBeGreaterThan(4);
  });

  it("reports a failed render as a rejected promise, and the worker stays usable", async () => {
    await expect(renderStatusChartOffThread({ appName: "x" } as never)).rejects.toThrow(/chart rendering failed/);
    const png = await renderStatusChartOffThread(statusInput());
    expect(png.length).toBeGreaterThan(1000);
  });
});
