import { describe, expect, it } from "vitest";
import { clipRun } from "../../src/charts/draw-panel.ts";

const area = { left: 10, right: 110, top: 0, bottom: 100 };

describe("clipRun", () => {
  it("cuts a run where it crosses the plot's edges", () => {
    expect(
      clipRun(
        [
          [0, 50],
          [20, 70],
          [100, 30],
          [120, 10],
        ],
        area,
      ),
    ).toEqual([
      [10, 60],
      [20, 70],
      [100, 30],
      [110, 20],
    ]);
  });

  it("drops runs entirely outside and holds y inside the plot", () => {
    expect(
      clipRun(
        [
          [0, 1],
          [5, 2],
        ],
        area,
      ),
    ).toEqual([]);
    expect(clipRun([[50, -20]], area)).toEqual([[50, 0]]);
  });
});
